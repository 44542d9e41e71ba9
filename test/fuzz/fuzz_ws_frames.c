/*
 * The WebSocket engine (jv_ws_*). Input: byte 0 picks the mode and options, bytes 1-2 a split
 * position, byte 3 the message size limit; the rest is what the peer sends.
 *   mode 0: a client's upgrade response, then frames. "@ACCEPT@" in the input stands for the
 *           Sec-WebSocket-Accept of the key this handshake used (the key is random).
 *   mode 1: a client past a canned 101 (Janus's, with janus-protocol): the input is frames.
 *   mode 2: the server engine (the mock's): the input is the client's (masked) frames.
 * After the input, byte 0 may have the engine send a message, a ping and a close.
 *
 * Oracle: the input fed whole, split in two and byte by byte gives the same callbacks (kinds, opcodes,
 * lengths, contents), the same result and the same final state (FZ_DEBUG=1 prints them).
 */
#include <string.h>

#include "fuzz.h"
#include "januv/errors.h"
#include "proto/ws.h"

#define PLACEHOLDER "@ACCEPT@"

typedef struct trace {
  jv_ws *ws;
  size_t max_msg;
  uint64_t hash;
  int events;
  int rc;
  jv_ws_state state;
} trace;

static int debug = -1; /* FZ_DEBUG=1: every callback on stderr */

static void mix(trace *t, uint64_t v) {
  if (debug) fprintf(stderr, "  event %d: %llx\n", t->events, (unsigned long long)v);
  t->hash = (t->hash ^ v) * 1099511628211ull;
  t->events++;
}

static void mix_bytes(trace *t, const void *p, size_t n) {
  const uint8_t *b = p;
  for (size_t i = 0; i < n; i++) t->hash = (t->hash ^ b[i]) * 1099511628211ull;
}

static bool valid_utf8(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t k;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      k = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      k = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      k = 3, cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t j = 1; j <= k; j++) {
      if (i + j >= n || (s[i + j] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (s[i + j] & 0x3f);
    }
    if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += k + 1;
  }
  return true;
}

static void on_open(void *data) {
  trace *t = data;
  mix(t, 1);
}

static void on_message(void *data, int opcode, const uint8_t *msg, size_t len) {
  trace *t = data;
  FZ_ASSERT(opcode == JV_WS_TEXT || opcode == JV_WS_BINARY);
  FZ_ASSERT(jv_ws_get_state(t->ws) == JV_WS_OPEN);
  FZ_ASSERT(len <= t->max_msg);
  if (opcode == JV_WS_TEXT) FZ_ASSERT(valid_utf8(msg, len));
  mix(t, 2);
  mix(t, (uint64_t)opcode << 32 | len);
  mix_bytes(t, msg, len);
}

static void on_pong(void *data) {
  trace *t = data;
  mix(t, 3);
}

static void on_close(void *data, uint16_t code, const char *reason, size_t reason_len) {
  trace *t = data;
  FZ_ASSERT(reason != NULL && reason_len <= 123);
  FZ_ASSERT(code != 0);
  mix(t, 4);
  mix(t, code);
  mix_bytes(t, reason, reason_len);
  FZ_ASSERT(jv_ws_peer_close_code(t->ws) == code);
}

static const jv_ws_callbacks cbs = {on_open, on_message, on_pong, on_close};

/* The Sec-WebSocket-Key in the request the client queued. */
static bool request_key(jv_ws *ws, char key[25]) {
  jv_buf out = {0};
  FZ_ASSERT(jv_ws_flush(ws, &out) == 0);
  FZ_ASSERT(out.data && !strncmp(out.data, "GET ", 4));
  const char *k = strstr(out.data, "Sec-WebSocket-Key: ");
  bool ok = k && strlen(k) >= 19 + 24;
  if (ok) {
    memcpy(key, k + 19, 24);
    key[24] = '\0';
  }
  jv_buf_free(&out);
  return ok;
}

/* Copies the input with every placeholder in the upgrade response (up to the first empty line: the key,
 * hence the accept, changes from run to run, frames must not) replaced by accept. */
static char *substitute(const char *in, size_t len, const char *accept, size_t *out_len) {
  size_t cap = len * 4 + 1, n = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  size_t plen = strlen(PLACEHOLDER);
  const char *end = memmem(in, len, "\r\n\r\n", 4);
  size_t head = end ? (size_t)(end - in) : len;
  for (size_t i = 0; i < len;) {
    if (i < head && len - i >= plen && !memcmp(in + i, PLACEHOLDER, plen)) {
      memcpy(out + n, accept, 28);
      n += 28;
      i += plen;
    } else {
      out[n++] = in[i++];
    }
  }
  *out_len = n;
  return out;
}

static void feed(trace *t, const char *p, size_t n) {
  if (t->rc != 0) return;
  int rc = jv_ws_feed(t->ws, p, n);
  if (rc != 0) {
    FZ_ASSERT(rc == JANUV_EHANDSHAKE || rc == JANUV_EPROTO || rc == JANUV_ETOOBIG);
    FZ_ASSERT(jv_ws_get_state(t->ws) == JV_WS_FAILED);
    FZ_ASSERT(fz_touch_str(jv_ws_error(t->ws)) > 0);
    t->rc = rc;
  }
  jv_buf out = {0};
  FZ_ASSERT(jv_ws_flush(t->ws, &out) == 0);
  FZ_ASSERT(!jv_ws_want_write(t->ws) || jv_ws_get_state(t->ws) == JV_WS_HANDSHAKE);
  jv_buf_free(&out);
}

enum { CUT_NONE, CUT_SPLIT, CUT_BYTES };

/* One run over the stream: fed whole, split in two at split (modulo its length), or byte by byte. */
static void run(int mode, uint8_t opts, size_t max_msg, const char *stream, size_t len, int cut, size_t split,
                trace *t) {
  memset(t, 0, sizeof *t);
  t->hash = 1469598103934665603ull;
  t->max_msg = max_msg;
  t->ws = mode == 2 ? jv_ws_server_new(&cbs, t, max_msg) : jv_ws_client_new(&cbs, t, max_msg);
  FZ_ASSERT(t->ws != NULL);
  char *owned = NULL;
  if (mode != 2) {
    const char *protocol = opts & 8 ? NULL : "janus-protocol";
    FZ_ASSERT(jv_ws_client_handshake(t->ws, "127.0.0.1:8188", "/", protocol) == 0);
    char key[25], accept[29];
    FZ_ASSERT(request_key(t->ws, key));
    jv_ws_accept_for_key(key, strlen(key), accept);
    if (mode == 0) {
      owned = substitute(stream, len, accept, &len);
      FZ_ASSERT(owned != NULL);
      stream = owned;
    } else {
      char hs[256];
      int n = snprintf(hs, sizeof hs,
                       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Accept: %s\r\n%s%s%s\r\n",
                       accept, protocol ? "Sec-WebSocket-Protocol: " : "", protocol ? protocol : "",
                       protocol ? "\r\n" : "");
      FZ_ASSERT(jv_ws_feed(t->ws, hs, (size_t)n) == 0);
      FZ_ASSERT(jv_ws_get_state(t->ws) == JV_WS_OPEN);
      if (protocol) FZ_ASSERT(!strcmp(jv_ws_protocol(t->ws), protocol));
    }
  }
  if (cut == CUT_NONE) {
    feed(t, stream, len);
  } else if (cut == CUT_SPLIT) {
    split %= len + 1;
    feed(t, stream, split);
    feed(t, stream + split, len - split);
  } else {
    for (size_t i = 0; i < len; i++) feed(t, stream + i, 1);
  }
  t->state = jv_ws_get_state(t->ws);
  /* What the application may do next, whatever state the peer left the engine in. */
  jv_buf out = {0};
  if (opts & 16) {
    int rc = jv_ws_send(t->ws, JV_WS_TEXT, "{\"janus\":\"keepalive\"}", 21);
    FZ_ASSERT(rc == 0 || rc == JANUV_ESTATE);
  }
  if (opts & 32) {
    int rc = jv_ws_send(t->ws, JV_WS_PING, "", 0);
    FZ_ASSERT(rc == 0 || rc == JANUV_ESTATE);
  }
  if (opts & 64) {
    int rc = jv_ws_close(t->ws, 1000, "bye");
    FZ_ASSERT(rc == 0 || rc == JANUV_ESTATE);
  }
  FZ_ASSERT(jv_ws_flush(t->ws, &out) == 0);
  jv_buf_free(&out);
  jv_ws_free(t->ws);
  t->ws = NULL;
  free(owned);
}

/*
 * wslay 1.1.1 (and upstream as of 2024) checks a close reason's UTF-8 per received chunk, skipping the
 * first 2 bytes of every chunk instead of the first 2 of the payload: the verdict on a close frame with
 * a non-ASCII reason depends on how its bytes were split. The differential oracle leaves such streams
 * out (they are still run). Walks the frames of a stream and says whether one is a close frame whose
 * payload past the status code has a byte >= 0x80.
 */
static bool nonascii_close(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i + 2 <= n) {
    int opcode = p[i] & 0x0f;
    bool masked = p[i + 1] & 0x80;
    uint64_t len = p[i + 1] & 0x7f;
    size_t h = 2;
    if (len == 126) {
      if (i + 4 > n) return false;
      len = (uint64_t)p[i + 2] << 8 | p[i + 3];
      h = 4;
    } else if (len == 127) {
      if (i + 10 > n) return false;
      len = 0;
      for (int k = 0; k < 8; k++) len = len << 8 | p[i + 2 + k];
      h = 10;
    }
    const uint8_t *key = masked ? p + i + h : NULL;
    if (masked) h += 4;
    if (i + h > n) return false;
    size_t avail = n - i - h;
    if (opcode == 8) {
      for (uint64_t k = 2; k < len && k < avail; k++)
        if ((p[i + h + k] ^ (key ? key[k % 4] : 0)) >= 0x80) return true;
    }
    if (len > avail) return false;
    i += h + (size_t)len;
  }
  return false;
}

static void same(const trace *a, const trace *b) {
  if (debug)
    fprintf(stderr, "events %d/%d rc %d/%d state %d/%d\n", a->events, b->events, a->rc, b->rc, (int)a->state,
            (int)b->state);
  FZ_ASSERT(a->events == b->events);
  FZ_ASSERT(a->hash == b->hash);
  FZ_ASSERT(a->rc == b->rc);
  FZ_ASSERT(a->state == b->state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (debug < 0) debug = getenv("FZ_DEBUG") != NULL;
  if (size < 4) return 0;
  int mode = data[0] % 3;
  uint8_t opts = data[0];
  static const size_t limits[] = {16u << 20, 0, 1, 125, 126, 65536};
  size_t max_msg = limits[data[3] % (sizeof limits / sizeof limits[0])];
  if (max_msg == 0) max_msg = 16u << 20; /* what 0 means to jv_ws_*_new */
  const char *stream = (const char *)data + 4;
  size_t len = size - 4;
  size_t split = (size_t)data[1] << 8 | data[2];

  /* Frames start after the upgrade response in mode 0 (the placeholder does not matter here). */
  const uint8_t *frames = (const uint8_t *)stream;
  size_t nframes = len;
  if (mode == 0) {
    const uint8_t *end = memmem(stream, len, "\r\n\r\n", 4);
    frames = end ? end + 4 : frames + len;
    nframes = len - (size_t)(frames - (const uint8_t *)stream);
  }
  bool compare = !nonascii_close(frames, nframes);

  trace whole, two, bytes;
  run(mode, opts, max_msg, stream, len, CUT_NONE, 0, &whole);
  run(mode, opts, max_msg, stream, len, CUT_SPLIT, split, &two);
  if (compare) same(&whole, &two);
  if (len <= 2048) {
    run(mode, opts, max_msg, stream, len, CUT_BYTES, 0, &bytes);
    if (compare) same(&whole, &bytes);
  }
  return 0;
}
