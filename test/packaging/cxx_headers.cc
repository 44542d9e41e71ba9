// The public headers from C++: this translation unit includes every one of them, is compiled with
// -Wall -Wextra -Werror -pedantic (C++11, 17 and 20), links against the shared library and calls into
// every header. A declaration outside extern "C" gets a C++-mangled name and fails to link; C-only
// syntax fails to compile. (Each header alone is compiled by the cxx-header-* objects, see meson.build.)
#include <januv.h>

#include <januv/admin.h>
#include <januv/client.h>
#include <januv/common.h>
#include <januv/errors.h>
#include <januv/handle.h>
#include <januv/id.h>
#include <januv/media.h>
#include <januv/session.h>
#include <januv/transport.h>
#include <januv/version.h>
#include <januv/plugins/audiobridge.h>
#include <januv/plugins/echotest.h>
#include <januv/plugins/recordplay.h>
#include <januv/plugins/sip.h>
#include <januv/plugins/streaming.h>
#include <januv/plugins/textroom.h>
#include <januv/plugins/videocall.h>
#include <januv/plugins/videoroom.h>

#include <cstdio>
#include <cstring>

static int checks, failures;

static void check(bool ok, const char *what) {
  checks++;
  if (!ok) {
    std::fprintf(stderr, "FAIL %s\n", what);
    failures++;
  }
}
#define CHECK(x) check((x), #x)

// Takes the address of a function: the symbol must resolve when linking.
template <typename F> static bool linked(F *f) { return f != nullptr; }

// Calls an options initializer on a garbage-filled struct of the type it takes.
template <typename T> static bool inits(void (*fn)(T *)) {
  T v;
  std::memset(&v, 0xa5, sizeof v);
  fn(&v);
  return true;
}

// Calls a name function (event, state) with the enum's first value.
template <typename E> static bool named(const char *(*fn)(E)) {
  const char *s = fn(static_cast<E>(0));
  return s != nullptr && *s != '\0';
}

int main() {
  // version.h, common.h, errors.h, id.h
  CHECK(std::strcmp(januv_version(), JANUV_VERSION_STRING) == 0);
  CHECK(JANUV_VERSION_HEX == ((JANUV_VERSION_MAJOR << 16) | (JANUV_VERSION_MINOR << 8) | JANUV_VERSION_PATCH));
  CHECK(januv_json_id(nullptr) == 0);
  CHECK(std::strcmp(januv_err_name(JANUV_EJANUS), "JANUV_EJANUS") == 0);
  CHECK(*januv_strerror(JANUV_ETIMEDOUT) != '\0');
  CHECK(JANUV_IS_OWN_ERROR(JANUV_ENOMEDIA) && !JANUV_IS_OWN_ERROR(JANUV_EINVAL));
  char buf[32];
  CHECK(std::strcmp(januv_id_format(januv_id_str("lobby"), buf, sizeof buf), "lobby") == 0);
  CHECK(januv_id_equal(januv_id_num(1234), januv_id_num(1234)) && januv_id_set(januv_id_num(1)));

  // client.h, session.h, handle.h, transport.h: a client on a loop, refused at once for an unknown scheme
  januv_client_options co;
  januv_client_options_init(&co);
  CHECK(co.request_timeout_ms > 0);
  CHECK(std::strcmp(januv_conn_state_name(JANUV_CONN_CONNECTED), "connected") == 0);
  uv_loop_t loop;
  CHECK(uv_loop_init(&loop) == 0);
  januv_client *client = nullptr;
  CHECK(januv_client_new(&loop, "gopher://example.org", &co, &client) == JANUV_ENOTRANSPORT && client == nullptr);
  CHECK(uv_loop_close(&loop) == 0);
  CHECK(linked(&januv_session_create) && linked(&januv_session_destroy) && linked(&januv_handle_attach));
  CHECK(named(januv_event_type_name));
  CHECK(std::strcmp(januv_transport_lookup("ws://127.0.0.1:8188"), "ws") == 0);
  CHECK(linked(&januv_transport_register) && linked(&januv_transport_receive));

  // admin.h, media.h
  CHECK(inits(januv_admin_options_init) && linked(&januv_admin_list_sessions));
  januv_peer_options po;
  januv_peer_options_init(&po);
  CHECK(januv_peer_options_add_track(&po, JANUV_MEDIA_VIDEO, JANUV_DIR_SENDRECV) != nullptr && po.ntracks == 1);
  CHECK(inits(januv_dc_options_init) && named(januv_peer_state_name) && linked(&januv_peer_new));

  // plugins/
  CHECK(linked(&januv_echotest_attach) && inits(januv_echotest_options_init));
  CHECK(linked(&januv_videoroom_attach) && named(januv_videoroom_event_name));
  CHECK(inits(januv_videoroom_room_options_init) && inits(januv_videoroom_edit_options_init) &&
        inits(januv_videoroom_forward_options_init) && inits(januv_videoroom_forward_stream_init) &&
        inits(januv_videoroom_pub_stream_init) && inits(januv_videoroom_publish_options_init) &&
        inits(januv_videoroom_sub_config_init) && inits(januv_videoroom_subscribe_options_init));
  CHECK(linked(&januv_videocall_attach) && named(januv_videocall_event_name) &&
        inits(januv_videocall_set_options_init));
  CHECK(linked(&januv_streaming_attach) && named(januv_streaming_event_name));
  CHECK(inits(januv_streaming_configure_options_init) && inits(januv_streaming_create_options_init) &&
        inits(januv_streaming_edit_options_init) && inits(januv_streaming_stream_options_init) &&
        inits(januv_streaming_watch_options_init));
  CHECK(linked(&januv_audiobridge_attach) && named(januv_audiobridge_event_name));
  CHECK(inits(januv_audiobridge_configure_options_init) && inits(januv_audiobridge_edit_options_init) &&
        inits(januv_audiobridge_forward_options_init) && inits(januv_audiobridge_join_options_init) &&
        inits(januv_audiobridge_play_options_init) && inits(januv_audiobridge_room_options_init));
  CHECK(linked(&januv_recordplay_attach) && named(januv_recordplay_event_name) &&
        inits(januv_recordplay_record_options_init));
  CHECK(linked(&januv_textroom_attach) && named(januv_textroom_event_name));
  CHECK(inits(januv_textroom_edit_options_init) && inits(januv_textroom_join_options_init) &&
        inits(januv_textroom_room_options_init));
  CHECK(linked(&januv_sip_attach) && named(januv_sip_event_name));
  CHECK(inits(januv_sip_accept_options_init) && inits(januv_sip_call_options_init) &&
        inits(januv_sip_recording_options_init) && inits(januv_sip_register_options_init) &&
        inits(januv_sip_subscribe_options_init));

  std::printf("C++ %ld: januv %s, %d checks, %d failed\n", static_cast<long>(__cplusplus), januv_version(), checks,
              failures);
  return failures == 0 ? 0 : 1;
}
