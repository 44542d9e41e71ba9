#!/usr/bin/env python3
"""Seeds for the fuzz targets, from real traffic.

  januv-test-janus --tls -- python3 test/fuzz/capture.py live OUT
      talks to the private Janus that januv-test-janus started (JANUS_*_URL in the environment) over
      raw sockets and records what it sends: HTTP responses on keep-alive connections (with long-poll
      answers), the WebSocket upgrade answer and frames, a TLS server flight. Writes OUT/<target>/live-*.
  python3 test/fuzz/capture.py logs OUT LOG...
      turns the frames of DEBUG test logs (JANUV_TEST_LOG=3: "<- {...}" and "-> {...}" lines) into
      seeds for fuzz_json_core, fuzz_plugins and fuzz_mask: ids and transactions rewritten to the values
      the in-process client uses (see fuzz_client.h), one sample per message shape.
  python3 test/fuzz/capture.py crafted OUT
      URLs of every form the tests and the README use, and plugin events of the modules whose tests need
      media (VideoCall, SIP), written after the events those modules decode (plugins/<module>.c rules).

The seeds are then minimized into test/fuzz/corpus/<target>/ with libFuzzer's -merge=1 (see run.sh).
"""
import base64
import hashlib
import json
import os
import re
import socket
import ssl
import struct
import sys
import urllib.parse

SESSION = 1111111111111111
HANDLE = 2222222222222222
# fuzz_plugins: the index of each module in FZ_MODULES (fuzz_plugins.c)
MODULES = {
    "janus.plugin.echotest": 0, "janus.plugin.videoroom": 1, "janus.plugin.streaming": 2,
    "janus.plugin.audiobridge": 3, "janus.plugin.recordplay": 4, "janus.plugin.textroom": 5,
    "janus.plugin.videocall": 6, "janus.plugin.sip": 7,
}


def write(out, target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# ---- live traffic -------------------------------------------------------------------------------

def read_response(sock, buf):
    """Reads one HTTP response (Content-Length or chunked) from sock; returns (raw bytes, rest, body)."""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            return buf, b"", b""
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    headers = {}
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        headers[k.strip().lower()] = v.strip()
    if b"content-length" in headers:
        n = int(headers[b"content-length"])
        while len(rest) < n:
            rest += sock.recv(65536)
        raw = head + b"\r\n\r\n" + rest[:n]
        return raw, rest[n:], rest[:n]
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        body = b""
        pos = 0
        while True:
            while b"\r\n" not in rest[pos:]:
                rest += sock.recv(65536)
            line_end = rest.index(b"\r\n", pos)
            size = int(rest[pos:line_end].split(b";")[0], 16)
            need = line_end + 2 + size + 2
            while len(rest) < need:
                rest += sock.recv(65536)
            body += rest[line_end + 2:line_end + 2 + size]
            pos = need
            if size == 0:
                break
        raw = head + b"\r\n\r\n" + rest[:pos]
        return raw, rest[pos:], body
    return head + b"\r\n\r\n", rest, b""


def http_capture(out, url):
    u = urllib.parse.urlparse(url)
    sock = socket.create_connection((u.hostname, u.port))
    sock.settimeout(10)
    stream = b""
    responses = []
    txn = [0]

    def request(method, path, body=None):
        nonlocal stream
        data = json.dumps(body).encode() if body is not None else b""
        req = f"{method} {path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUser-Agent: januv\r\n" \
              f"Accept: application/json\r\n"
        if body is not None:
            req += f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n"
        sock.sendall(req.encode() + b"\r\n" + data)
        raw, rest, body = read_response(sock, b"")
        assert not rest
        stream += raw
        responses.append(raw)
        try:
            return json.loads(body)
        except ValueError:
            return {}

    def janus(verb, path="/janus", **extra):
        txn[0] += 1
        return request("POST", path, dict(janus=verb, transaction="t%d" % txn[0], **extra))

    request("GET", "/janus/info")
    sid = janus("create")["data"]["id"]
    hid = janus("attach", f"/janus/{sid}", plugin="janus.plugin.echotest")["data"]["id"]
    janus("message", f"/janus/{sid}/{hid}", body={"audio": False})
    janus("message", f"/janus/{sid}/{hid}", body={"bitrate": "x"})
    request("GET", f"/janus/{sid}?maxev=5")            # the events, in one array
    janus("keepalive", f"/janus/{sid}")
    janus("trickle", f"/janus/{sid}/{hid}", candidate={"completed": True})
    janus("nosuchverb", f"/janus/{sid}")
    janus("keepalive", "/janus/123456")                  # unknown session
    request("POST", "/janus", "not json")
    request("GET", "/janus/nosuchthing/really")
    janus("detach", f"/janus/{sid}/{hid}")
    janus("destroy", f"/janus/{sid}")
    sock.close()
    for i, split in enumerate([0, 17, 120, 400, 1000]):
        write(out, "fuzz_http_response", f"live-http-stream-{i}", bytes([0, split >> 8, split & 255]) + stream)
    for i, raw in enumerate(responses):
        write(out, "fuzz_http_response", f"live-http-response-{i:02d}", bytes([0, 0, len(raw) // 2 & 255]) + raw)
        write(out, "fuzz_http_response", f"live-http-limited-{i:02d}", bytes([3, 0, 9]) + raw)  # 100-byte bodies
    return responses


def mask(payload, key=b"\x37\xfa\x21\x3d"):
    return bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def frame(opcode, payload, masked=True, fin=True):
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    m = 0x80 if masked else 0
    if n < 126:
        head += bytes([m | n])
    elif n < 65536:
        head += bytes([m | 126]) + struct.pack(">H", n)
    else:
        head += bytes([m | 127]) + struct.pack(">Q", n)
    if masked:
        key = b"\x37\xfa\x21\x3d"
        return head + key + mask(payload, key)
    return head + payload


def ws_capture(out, url):
    u = urllib.parse.urlparse(url)
    sock = socket.create_connection((u.hostname, u.port))
    sock.settimeout(5)
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET / HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                  f"Sec-WebSocket-Protocol: janus-protocol\r\nUser-Agent: januv\r\n\r\n").encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += sock.recv(65536)
    head, _, rest = buf.partition(b"\r\n\r\n")
    upgrade = head + b"\r\n\r\n"
    accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
    assert accept in upgrade
    sent = b""
    received = rest

    def send(opcode, payload):
        nonlocal sent
        f = frame(opcode, payload)
        sent += f
        sock.sendall(f)

    def pump(expect):
        nonlocal received
        try:
            while received.count(expect) == 0:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
        except socket.timeout:
            pass

    def janus(verb, **extra):
        send(1, json.dumps(dict(janus=verb, transaction="w" + verb, **extra)).encode())

    janus("info")
    pump(b"server_info")
    janus("create")
    pump(b'"data"')
    sid = int(re.search(rb'"id":\s*(\d+)', received.split(b"wcreate")[1]).group(1))
    janus("attach", session_id=sid, plugin="janus.plugin.echotest")
    pump(b"wattach")
    hid = int(re.search(rb'"id":\s*(\d+)', received.split(b"wattach")[1]).group(1))
    janus("message", session_id=sid, handle_id=hid, body={"audio": False, "video": True, "bitrate": 128000})
    pump(b'"result"')
    janus("keepalive", session_id=sid)
    pump(b"wkeepalive")
    send(9, b"ping-januv")
    pump(b"ping-januv")
    janus("detach", session_id=sid, handle_id=hid)
    pump(b"wdetach")
    janus("destroy", session_id=sid)
    pump(b"wdestroy")
    send(8, struct.pack(">H", 1000) + b"bye")
    pump(b"\x88")
    sock.close()

    frames = received
    placeholder = upgrade.replace(accept, b"@ACCEPT@")
    # byte 0: mode (value % 3) and options; 1-2: split; 3: message limit (0: 16 MiB)
    write(out, "fuzz_ws_frames", "live-ws-upgrade", bytes([0, 0, 60, 0]) + placeholder + frames)
    write(out, "fuzz_ws_frames", "live-ws-upgrade-only", bytes([0, 0, 10, 0]) + placeholder)
    write(out, "fuzz_ws_frames", "live-ws-upgrade-noproto", bytes([0x48, 0, 90, 0]) + placeholder + frames[:200])
    for i, (opts, split, limit) in enumerate([(0x01, 7, 0), (0x31, 300, 0), (0x52, 41, 3), (0x61, 2, 5)]):
        write(out, "fuzz_ws_frames", f"live-ws-frames-{i}", bytes([opts, split >> 8, split & 255, limit]) + frames)
    write(out, "fuzz_ws_frames", "live-ws-client-frames", bytes([2, 0, 33, 0]) + sent)
    write(out, "fuzz_ws_frames", "live-ws-client-frames-limited", bytes([0x32, 0, 99, 3]) + sent)
    return upgrade, frames


def tls_flight(host, port, max_version):
    """The server's first flight in answer to a ClientHello made by Python's ssl (recorded raw)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.maximum_version = max_version
    inc, outg = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, outg, server_hostname="localhost")
    sock = socket.create_connection((host, port))
    sock.settimeout(5)
    flight = b""
    for _ in range(10):
        try:
            obj.do_handshake()
            break
        except ssl.SSLWantReadError:
            pass
        data = outg.read()
        if data:
            sock.sendall(data)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        flight += chunk
        inc.write(chunk)
    sock.close()
    return flight


def tls_ops_raw(data):
    """op 0 (inject raw bytes), in chunks of at most 255."""
    ops = b""
    for i in range(0, len(data), 255):
        part = data[i:i + 255]
        ops += bytes([0, len(part)]) + part
    return ops


def write_ops(data, op):
    ops = b""
    for i in range(0, len(data), 255):
        part = data[i:i + 255]
        ops += bytes([op, len(part)]) + part
    return ops


def tls_capture(out, wss_url, http_responses, ws_frames):
    u = urllib.parse.urlparse(wss_url)
    for name, setup, version in [("13", 0, ssl.TLSVersion.TLSv1_3), ("12", 1, ssl.TLSVersion.TLSv1_2)]:
        flight = tls_flight(u.hostname, u.port, version)
        write(out, "fuzz_tls_records", f"live-janus-flight-{name}", bytes([setup]) + tls_ops_raw(flight[:1200]))
        write(out, "fuzz_tls_records", f"live-janus-flight-insecure-{name}",
              bytes([setup | 2]) + tls_ops_raw(flight[:1200]) + b"\x01")
    # The in-memory server carrying real Janus traffic: handshake, then HTTP responses / WebSocket frames.
    resp = b"".join(http_responses[:3])
    req = b"POST /janus HTTP/1.1\r\nHost: localhost\r\nContent-Length: 17\r\n\r\n{\"janus\":\"info\"}"
    scripts = {
        "app-http-13": bytes([0]) + write_ops(req, 3) + b"\x01" + write_ops(resp, 2) + b"\x01\x04\x01",
        "app-http-12": bytes([1]) + b"\x01" + write_ops(req, 3) + b"\x01" + write_ops(resp, 2) + b"\x01\x04\x01",
        "app-ws-keyupdate-13": bytes([0]) + b"\x01" + write_ops(ws_frames[:600], 2) + b"\x07\x01"
                               + write_ops(ws_frames[600:900], 2) + b"\x01\x08\x01",
        "app-ws-renegotiate-12": bytes([1]) + b"\x01" + write_ops(ws_frames[:300], 2) + b"\x07\x01"
                                 + write_ops(ws_frames[300:600], 2) + b"\x01",
        "corrupt-13": bytes([0]) + b"\x01" + write_ops(resp[:200], 2) + b"\x05\x00\x09\x40\x01",
        "partial-12": bytes([1]) + b"\x06\x00\x30\x06\x00\x90\x01" + write_ops(resp[:100], 2) + b"\x06\x00\x0b\x01",
        "lost-flight-13": bytes([0]) + b"\x09\x01" + write_ops(req, 3) + b"\x01",
        "host-mismatch-13": bytes([0x08]) + b"\x01" + write_ops(resp[:50], 2) + b"\x01",
        "ip-host-12": bytes([0x05]) + write_ops(req, 3) + b"\x01" + write_ops(resp[:80], 2) + b"\x01",
        "garbage-then-pump": bytes([0]) + b"\x00\x05\x16\x03\x01\x00\x00\x01",
        # op 10: a new connection on the same context, which resumes the session
        "resume-13": bytes([0]) + b"\x01" + write_ops(req, 3) + b"\x01" + write_ops(resp[:120], 2) + b"\x01\x0a"
                     + write_ops(req, 3) + b"\x01" + write_ops(resp[:120], 2) + b"\x01",
        "resume-12": bytes([1]) + b"\x01" + write_ops(resp[:120], 2) + b"\x01\x04\x01\x0a\x01"
                     + write_ops(resp[:120], 2) + b"\x01",
        "resume-ip-13": bytes([4]) + b"\x01\x0a\x01\x0a\x01" + write_ops(resp[:120], 2) + b"\x01",
        "resume-mismatch-13": bytes([8]) + b"\x01\x0a\x01",
        "resume-insecure-mismatch-12": bytes([0x0b]) + b"\x01\x0a\x01" + write_ops(resp[:120], 2) + b"\x01",
        "resume-corrupt-13": bytes([0]) + b"\x01" + write_ops(resp[:120], 2) + b"\x01\x0a\x05\x00\x30\x41\x01",
    }
    for name, data in scripts.items():
        write(out, "fuzz_tls_records", name, data)


def live(out):
    responses = http_capture(out, os.environ["JANUS_HTTP_URL"])
    _, frames = ws_capture(out, os.environ["JANUS_WS_URL"])
    tls_capture(out, os.environ["JANUS_WSS_URL"], responses, frames)


# ---- logged frames --------------------------------------------------------------------------------

LINE = re.compile(r"\[DEBUG\] (<-|->) (\{.*\}|\[.*\])\s*$")


def frames_from_logs(paths):
    seen = []
    for path in paths:
        with open(path, errors="replace") as f:
            for line in f:
                m = LINE.search(line)
                if m:
                    seen.append((m.group(1), m.group(2)))
    return seen


def shape(msg):
    pd = msg.get("plugindata", {}) if isinstance(msg, dict) else {}
    data = pd.get("data") if isinstance(pd, dict) else None
    keys = tuple(sorted(data.keys())) if isinstance(data, dict) else ()
    marks = tuple(str(data.get(k)) for k in ("videoroom", "streaming", "audiobridge", "recordplay", "textroom",
                                              "echotest", "result", "event") if isinstance(data, dict) and k in data)
    return (msg.get("janus"), pd.get("plugin") if isinstance(pd, dict) else None, keys, marks,
            "jsep" in msg, "error" in msg)


def rewrite(msg, txn):
    """Ids and transaction of the in-process client (fuzz_client.h); txn None drops it."""
    if "session_id" in msg:
        msg["session_id"] = SESSION
    if "sender" in msg:
        msg["sender"] = HANDLE
    if "transaction" in msg:
        if txn is None:
            del msg["transaction"]
        else:
            msg["transaction"] = txn
    return msg


def core_txn(msg):
    verb = msg.get("janus")
    if "transaction" not in msg:
        return None
    if verb == "server_info":
        return "4"
    if verb == "pong":
        return "5"
    if verb == "ack":
        return "7" if "hint" in msg else "6"
    if verb == "event":
        return "7"
    if verb == "success":
        return "b" if "plugindata" in msg else "d"
    if verb == "error":
        return "d"
    return "8"


def logs(out, paths):
    frames = frames_from_logs(paths)
    received = []
    for direction, text in frames:
        try:
            msg = json.loads(text)
        except ValueError:
            continue
        if direction == "<-":
            received.extend(msg if isinstance(msg, list) else [msg])

    # fuzz_json_core: one sample per shape, then an ack followed by its event, and batches.
    shapes = {}
    for msg in received:
        if isinstance(msg, dict):
            shapes.setdefault(shape(msg), msg)
    core = [rewrite(dict(m), core_txn(m)) for m in shapes.values()]
    for i, msg in enumerate(core[:60]):
        write(out, "fuzz_json_core", f"log-{i:02d}", json.dumps(msg).encode())
    acks = [m for m in core if m.get("janus") == "ack" and m.get("transaction") == "7"][:1]
    events = [m for m in core if m.get("janus") == "event" and m.get("transaction") == "7"][:6]
    for i, ev in enumerate(events):
        seq = [json.dumps(a).encode() for a in acks] + [json.dumps(ev).encode()]
        write(out, "fuzz_json_core", f"log-ack-event-{i}", b"\0".join(seq))
    lone = [m for m in core if "transaction" not in m][:8]
    write(out, "fuzz_json_core", "log-batch", json.dumps(lone).encode())
    actions = {
        "action-close-in-event": b"\x03c\0" + json.dumps(events[0] if events else {}).encode(),
        "action-detach-then-events": b"\x02dD\0" + b"\0".join(json.dumps(m).encode() for m in lone[:4]),
        "action-destroy-lost": b"\x02skx\0\x02l\0" + json.dumps(core[0]).encode(),
        "action-reply-http": b"\x01\x04" + json.dumps(core[0]).encode(),
        "action-requests": b"\x02mhtip\0\x03s\0" + b"\0".join(json.dumps(m).encode() for m in core[:3]),
    }
    for name, data in actions.items():
        write(out, "fuzz_json_core", name, data)

    # fuzz_plugins: plugin events and replies, per module (byte 0: the module's index as a digit).
    per_module = {}
    for msg in received:
        pd = msg.get("plugindata") if isinstance(msg, dict) else None
        plugin = pd.get("plugin") if isinstance(pd, dict) else None
        if plugin in MODULES:
            per_module.setdefault(plugin, {}).setdefault(shape(msg), msg)
    for plugin, msgs in per_module.items():
        digit = str(MODULES[plugin]).encode()
        name = plugin.split(".")[-1]
        for i, msg in enumerate(list(msgs.values())[:30]):
            ev = rewrite(dict(msg), None)  # as an event on the module's handle
            write(out, "fuzz_plugins", f"log-{name}-event-{i:02d}", digit + json.dumps(ev).encode())
            if "transaction" in msg:       # as the answer to the module's first requests
                for txn in ("3", "4"):
                    rep = rewrite(dict(msg), txn)
                    write(out, "fuzz_plugins", f"log-{name}-reply{txn}-{i:02d}", digit + json.dumps(rep).encode())

    # fuzz_mask: frames both ways, with the masked secrets given values again.
    samples = {}
    for direction, text in frames:
        key = re.sub(r'"[^"]*"', '""', re.sub(r"\d+", "0", text))
        samples.setdefault(key, text)
    for i, text in enumerate(list(samples.values())[:50]):
        text = text.replace('"***"', '"s3cr3t-value"')
        write(out, "fuzz_mask", f"log-{i:02d}", text.encode())


def plugin_events(out):
    def ev(plugin, data, txn=None, jsep=None):
        m = {"janus": "event", "session_id": SESSION, "sender": HANDLE}
        if txn:
            m["transaction"] = txn
        m["plugindata"] = {"plugin": plugin, "data": data}
        if jsep:
            m["jsep"] = jsep
        return json.dumps(m).encode()

    sdp = ("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
           "c=IN IP4 127.0.0.1\r\na=rtpmap:111 opus/48000/2\r\n")
    offer, answer = {"type": "offer", "sdp": sdp}, {"type": "answer", "sdp": sdp}
    vc, sp = "janus.plugin.videocall", "janus.plugin.sip"
    ack = json.dumps({"janus": "ack", "session_id": SESSION, "transaction": "4"}).encode()
    res = lambda **kw: {"videocall": "event", "result": kw}
    sip = lambda call_id=None, **kw: dict({"sip": "event", "result": kw}, **({"call_id": call_id} if call_id else {}))
    seeds = {
        "videocall-list": ev(vc, res(list=["alice", "bob"]), "3"),
        "videocall-registered": ack + b"\0" + ev(vc, res(event="registered", username="fuzz"), "4"),
        "videocall-incoming": ev(vc, res(event="incomingcall", username="bob"), None, offer),
        "videocall-accepted-update": ev(vc, res(event="accepted", username="bob"), None, answer) + b"\0"
                                     + ev(vc, res(event="update"), None, offer),
        "videocall-set-hangup": ev(vc, res(event="set"), "5") + b"\0"
                                + ev(vc, res(event="hangup", username="bob", reason="Remote WebRTC hangup"), "6"),
        "videocall-slowlink-simulcast": ev(vc, res(event="slow_link", media="video", **{"current-bitrate": 256000}))
                                        + b"\0" + ev(vc, res(event="simulcast", videocodec="vp8", substream=1, temporal=2)),
        "videocall-error": ev(vc, {"videocall": "event", "error_code": 478, "error": "Username 'fuzz' already taken"},
                              "4"),
        "sip-registering": ev(sp, sip(event="registering"), "3") + b"\0"
                           + ev(sp, sip(event="registered", username="sip:fuzz@127.0.0.1", register_sent=True,
                                        master_id=123456789)),
        "sip-registration-failed": ev(sp, sip(event="registration_failed", code=401, reason="Unauthorized")),
        "sip-incoming": ev(sp, sip("abc@127.0.0.1", event="incomingcall", username="sip:bob@127.0.0.1",
                                   displayname="Bob", callee="sip:fuzz@127.0.0.1", srtp="sdes_optional",
                                   headers={"X-Fuzz": "1"}), None, offer),
        "sip-call-progress": b"\0".join([
            ev(sp, sip("c1", event="proceeding", code=100)), ev(sp, sip("c1", event="ringing")),
            ev(sp, sip("c1", event="progress", username="sip:bob@127.0.0.1"), None, answer),
            ev(sp, sip("c1", event="accepted", username="sip:bob@127.0.0.1", isfocus=True), None, answer)]),
        "sip-hangup": ev(sp, sip("c1", event="hangup", code=200, reason="Session Terminated",
                                 reason_header="Q.850;cause=16", reason_header_protocol="Q.850",
                                 reason_header_cause="16"), "5"),
        "sip-message-info-notify": b"\0".join([
            ev(sp, sip(event="message", sender="sip:bob@127.0.0.1", displayname="Bob", content_type="text/plain",
                       content="hi")),
            ev(sp, sip(event="info", sender="sip:bob@127.0.0.1", type="application/dtmf-relay", content="Signal=1")),
            ev(sp, sip(event="notify", notify="refer", substate="active", content="SIP/2.0 200 OK",
                       **{"content-type": "message/sipfrag"}))]),
        "sip-transfer": ev(sp, sip(event="transfer", refer_id=42, refer_to="sip:carol@127.0.0.1",
                                   referred_by="sip:bob@127.0.0.1", replaces="c2")),
        "sip-missed-subscribe": ev(sp, sip(event="missed_call", caller="sip:bob@127.0.0.1")) + b"\0"
                                + ev(sp, sip(event="subscribe_failed", code=489, reason="Bad Event")),
        "sip-error": ev(sp, {"sip": "event", "error_code": 446, "error": "Missing element (secret)"}, "3"),
    }
    for name, data in seeds.items():
        digit = str(MODULES[vc if name.startswith("videocall") else sp]).encode()
        write(out, "fuzz_plugins", "crafted-" + name, digit + data)


def urls(out):
    samples = [
        "ws://127.0.0.1:8188", "wss://localhost:8989/", "http://127.0.0.1:8088/janus",
        "https://localhost:8089/janus?maxev=5", "unix:///run/janus/janus.sock",
        "unix:///tmp/janus.sock?type=dgram\ntype", "ws://[::1]:8188/path?x=1&type=dgram\ntype",
        "HTTP://Janus.Example.COM/admin?admin_secret=x&y\ny", "wss://[fe80::1%25eth0]:443/",
        "http://host:65535/a/b/c?", "ws://h:0", "custom+scheme://host", "fuzz://janus",
    ]
    for i, s in enumerate(samples):
        write(out, "fuzz_url", f"url-{i:02d}", s.encode())


if __name__ == "__main__":
    cmd, out = sys.argv[1], sys.argv[2]
    if cmd == "live":
        live(out)
    elif cmd == "logs":
        logs(out, sys.argv[3:])
    elif cmd == "crafted":
        urls(out)
        plugin_events(out)
    else:
        sys.exit(__doc__)
