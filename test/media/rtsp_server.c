/* A tiny RTSP server for the Streaming plugin's RTSP mountpoints: rtsp://127.0.0.1:PORT/test serves a VP8 test
 * pattern (payload type 96) and an Opus tone (111) over RTP/UDP. Prints "ready PORT" once it listens (PORT 0
 * on the command line: the system picks one, printed here); SIGTERM or SIGINT stops it.
 *   usage: januv-test-rtsp-server PORT */
#include <glib-unix.h>
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean on_signal(gpointer loop) {
  g_main_loop_quit(loop);
  return G_SOURCE_REMOVE;
}

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  if (argc != 2 || atoi(argv[1]) < 0) {
    fprintf(stderr, "usage: %s PORT\n", argv[0]);
    return 2;
  }
  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  GstRTSPServer *server = gst_rtsp_server_new();
  g_object_set(server, "address", "127.0.0.1", "service", argv[1], NULL);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new();
  gst_rtsp_media_factory_set_launch(factory,
    "( videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 ! "
    "vp8enc deadline=1 keyframe-max-dist=30 ! rtpvp8pay name=pay0 pt=96 "
    "audiotestsrc is-live=true ! audioconvert ! audioresample ! opusenc ! rtpopuspay name=pay1 pt=111 )");
  gst_rtsp_media_factory_set_shared(factory, TRUE);
  gst_rtsp_media_factory_set_protocols(factory, GST_RTSP_LOWER_TRANS_UDP);
  GstRTSPMountPoints *mounts = gst_rtsp_server_get_mount_points(server);
  gst_rtsp_mount_points_add_factory(mounts, "/test", factory);
  g_object_unref(mounts);
  if (gst_rtsp_server_attach(server, NULL) == 0) {
    fprintf(stderr, "%s: cannot listen on 127.0.0.1:%s\n", argv[0], argv[1]);
    return 1;
  }
  g_unix_signal_add(SIGTERM, on_signal, loop);
  g_unix_signal_add(SIGINT, on_signal, loop);
  printf("ready %d\n", gst_rtsp_server_get_bound_port(server));
  fflush(stdout);
  g_main_loop_run(loop);
  g_object_unref(server);
  g_main_loop_unref(loop);
  return 0;
}
