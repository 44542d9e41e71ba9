/* januv textroom chat URL ROOM: a TextRoom chat on the terminal; lines read from stdin on the loop. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_media.h"

int cmd_textroom(cli *c);

typedef struct chat {
  cli_media m;
  januv_textroom *tr;
  januv_id room;
  char username[128];
  bool joined, leaving, eof;
  /* stdin: a tty or a pipe read as a stream, or a regular file read with uv_fs_read */
  union {
    uv_tty_t tty;
    uv_pipe_t pipe;
  } in;
  uv_fs_t fs_req;
  char fs_buf[4096];
  int64_t fs_off;
  bool in_stream, in_file, in_open, in_reading;
  char *line;
  size_t len, cap;
} chat;

static void leave(chat *ch);

static const char *str(const char *s) { return s ? s : ""; }

/* ---- what the room says ---- */

static void on_event(januv_textroom *tr, const januv_textroom_event *e, void *data) {
  (void)tr;
  chat *ch = data;
  switch (e->type) {
  case JANUV_TEXTROOM_MESSAGE:
    printf("<%s> %s%s\n", str(e->from), e->whisper ? "(private) " : "", str(e->text));
    break;
  case JANUV_TEXTROOM_ANNOUNCEMENT: printf("* announcement: %s\n", str(e->text)); break;
  case JANUV_TEXTROOM_JOIN:
    if (ch->joined) printf("* %s joined\n", str(e->username));
    break;
  case JANUV_TEXTROOM_LEAVE: printf("* %s left\n", str(e->username)); break;
  case JANUV_TEXTROOM_KICKED: printf("* %s was kicked\n", str(e->username)); break;
  case JANUV_TEXTROOM_DESTROYED: printf("* the room was destroyed\n"); break;
  case JANUV_TEXTROOM_ERROR: printf("* error: %s\n", str(e->error)); break;
  case JANUV_TEXTROOM_OTHER: break;
  }
  fflush(stdout);
  if (e->type == JANUV_TEXTROOM_DESTROYED || (e->type == JANUV_TEXTROOM_KICKED && e->username &&
                                              !strcmp(e->username, ch->username)))
    cli_media_finish(&ch->m);
}

static void on_handle_event(januv_textroom *tr, const januv_event *ev, void *data) {
  (void)tr;
  chat *ch = data;
  if (ev->type == JANUV_EVENT_HANGUP && !ch->m.stopping)
    cli_media_fail(&ch->m, CLI_JANUS_ERROR, "hangup", ev->reason ? ev->reason : "Janus hung up");
}

static void on_channel_closed(januv_textroom *tr, void *data) {
  (void)tr;
  chat *ch = data;
  if (!ch->m.stopping) cli_media_fail(&ch->m, CLI_TRANSPORT, "textroom", "the data channel closed");
}

static void on_closed(januv_textroom *tr, int reason, void *data) {
  (void)tr;
  (void)reason;
  ((chat *)data)->tr = NULL;
}

/* ---- what we say ---- */

static void on_sent(const januv_reply *r, void *data) {
  chat *ch = data;
  if (r->status != 0 && !ch->m.stopping) cli_err(ch->m.c, "message: %s", r->reason);
}

static void on_who(const januv_reply *r, const januv_textroom_participant *p, size_t n, void *data) {
  chat *ch = data;
  if (r->status != 0) {
    cli_err(ch->m.c, "who: %s", r->reason);
    return;
  }
  printf("* in the room:");
  for (size_t i = 0; i < n; i++) printf(" %s", p[i].username);
  printf("\n");
  fflush(stdout);
}

static void handle_line(chat *ch, char *line) {
  if (!ch->tr || ch->leaving) return;
  int rc = 0;
  if (!strcmp(line, "/quit")) {
    leave(ch);
  } else if (!strcmp(line, "/who")) {
    rc = januv_textroom_list_participants(ch->tr, ch->room, on_who, ch);
  } else if (!strncmp(line, "/msg ", 5)) {
    char *to = line + 5, *text = strchr(to, ' ');
    if (!text) {
      cli_err(ch->m.c, "usage: /msg USER TEXT");
      return;
    }
    *text++ = '\0';
    januv_textroom_message_options o = {.to = to};
    rc = januv_textroom_message(ch->tr, ch->room, text, &o, on_sent, ch);
  } else if (!strncmp(line, "/announce ", 10)) {
    rc = januv_textroom_announcement(ch->tr, ch->room, cli_flag(ch->m.c, "secret", NULL), line + 10, on_sent, ch);
  } else if (line[0] == '/' && line[1] != '/') {
    cli_err(ch->m.c, "commands: /msg USER TEXT, /announce TEXT, /who, /quit (// starts a line with /)");
  } else {
    rc = januv_textroom_message(ch->tr, ch->room, line[0] == '/' ? line + 1 : line, NULL, on_sent, ch);
  }
  if (rc) cli_err(ch->m.c, "%s", januv_strerror(rc));
}

/* Splits what came into lines (a final line without a newline counts at the end of the input). */
static void take_input(chat *ch, const char *buf, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (buf[i] == '\n' || buf[i] == '\0') {
      if (ch->len && ch->line[ch->len - 1] == '\r') ch->len--;
      ch->line[ch->len] = '\0';
      if (ch->len) handle_line(ch, ch->line);
      ch->len = 0;
      continue;
    }
    if (ch->len + 2 > ch->cap) {
      size_t cap = ch->cap ? ch->cap * 2 : 256;
      char *p = realloc(ch->line, cap);
      if (!p) continue;
      ch->line = p;
      ch->cap = cap;
    }
    ch->line[ch->len++] = buf[i];
  }
}

static void stop_input(chat *ch) {
  if (!ch->in_stream || !ch->in_reading) return; /* a file read in flight ends by itself */
  uv_read_stop((uv_stream_t *)&ch->in);
  ch->in_reading = false;
}

static void on_input_end(chat *ch) {
  ch->eof = true;
  if (ch->len) take_input(ch, "\n", 1);
  stop_input(ch);
  leave(ch);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf) {
  (void)h;
  buf->base = malloc(suggested);
  buf->len = buf->base ? suggested : 0;
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf) {
  chat *ch = s->data;
  if (n > 0) take_input(ch, buf->base, (size_t)n);
  free(buf->base);
  if (n < 0) on_input_end(ch);
}

static void read_file_next(chat *ch);

static void on_fs_read(uv_fs_t *req) {
  chat *ch = req->data;
  ssize_t n = req->result;
  uv_fs_req_cleanup(req);
  ch->in_reading = false;
  if (n > 0) {
    ch->fs_off += n;
    take_input(ch, ch->fs_buf, (size_t)n);
    if (!ch->leaving && !ch->m.stopping) read_file_next(ch);
  } else {
    on_input_end(ch);
  }
}

static void read_file_next(chat *ch) {
  uv_buf_t b = uv_buf_init(ch->fs_buf, sizeof ch->fs_buf);
  ch->fs_req.data = ch;
  if (uv_fs_read(&ch->m.c->loop, &ch->fs_req, 0, &b, 1, ch->fs_off, on_fs_read) == 0) ch->in_reading = true;
  else on_input_end(ch);
}

/* Reads stdin on the loop from now on. */
static void start_input(chat *ch) {
  uv_loop_t *loop = &ch->m.c->loop;
  uv_handle_type t = uv_guess_handle(0);
  int rc = UV_EINVAL;
  if (t == UV_TTY) {
    rc = uv_tty_init(loop, &ch->in.tty, 0, 1);
  } else if (t == UV_NAMED_PIPE) {
    rc = uv_pipe_init(loop, &ch->in.pipe, 0);
    if (rc == 0 && (rc = uv_pipe_open(&ch->in.pipe, 0)) != 0) uv_close((uv_handle_t *)&ch->in.pipe, NULL);
  } else if (t == UV_FILE) {
    ch->in_file = true;
    read_file_next(ch);
    return;
  }
  if (rc != 0) {
    /* No stdin to read (closed, a socket we do not handle): the chat only listens until interrupted. */
    return;
  }
  ch->in_stream = ch->in_open = true;
  ch->in.pipe.data = ch;
  if (uv_read_start((uv_stream_t *)&ch->in, on_alloc, on_read) == 0) ch->in_reading = true;
}

static void on_input_closed(uv_handle_t *h) { ((chat *)h->data)->in_open = false; }

/* Before the chat is freed: nothing of stdin may still call back. */
static void close_input(chat *ch) {
  uv_loop_t *loop = &ch->m.c->loop;
  stop_input(ch);
  if (ch->in_open) uv_close((uv_handle_t *)&ch->in, on_input_closed);
  if (ch->in_file && ch->in_reading) uv_cancel((uv_req_t *)&ch->fs_req);
  while (ch->in_open || (ch->in_file && ch->in_reading)) uv_run(loop, UV_RUN_ONCE);
}

/* ---- joining and leaving ---- */

static void on_left(const januv_reply *r, void *data) {
  chat *ch = data;
  if (r->status != 0 && r->status != JANUV_ECANCELED) cli_err(ch->m.c, "leave: %s", r->reason);
  cli_media_finish(&ch->m);
}

static void leave(chat *ch) {
  if (ch->leaving || ch->m.stopping) return;
  ch->leaving = true;
  stop_input(ch);
  if (!ch->tr || !ch->joined || januv_textroom_leave(ch->tr, ch->room, on_left, ch) != 0) cli_media_finish(&ch->m);
}

static void on_joined(const januv_reply *r, const januv_textroom_participant *p, size_t n, void *data) {
  chat *ch = data;
  if (!cli_media_reply_ok(&ch->m, "join", r)) return;
  ch->joined = true;
  char id[128];
  printf("joined %s as %s; in the room:", januv_id_format(ch->room, id, sizeof id), ch->username);
  for (size_t i = 0; i < n; i++) printf(" %s", p[i].username);
  printf("%s\n", n ? "" : " nobody else");
  fflush(stdout);
  start_input(ch);
}

static void join(chat *ch) {
  cli *c = ch->m.c;
  januv_textroom_join_options o;
  januv_textroom_join_options_init(&o);
  o.username = ch->username;
  o.display = cli_flag(c, "display", NULL);
  o.pin = cli_flag(c, "pin", NULL);
  o.token = cli_flag(c, "token", NULL);
  int rc = januv_textroom_join(ch->tr, ch->room, &o, on_joined, ch);
  if (rc) cli_media_fail(&ch->m, CLI_USAGE, "join", januv_strerror(rc));
}

static void on_created(const januv_reply *r, januv_id room, bool permanent, void *data) {
  (void)room;
  (void)permanent;
  chat *ch = data;
  /* Created by now, whoever did it. */
  if (r->status != 0 && r->plugin_code != JANUV_TEXTROOM_ERR_ROOM_EXISTS) {
    cli_media_fail_reply(&ch->m, "create", r);
    return;
  }
  join(ch);
}

static void on_setup(const januv_reply *r, void *data) {
  chat *ch = data;
  if (!cli_media_reply_ok(&ch->m, "setup", r)) return;
  if (!cli_flag(ch->m.c, "create", NULL)) {
    join(ch);
    return;
  }
  januv_textroom_room_options o;
  januv_textroom_room_options_init(&o);
  o.room = ch->room;
  o.secret = cli_flag(ch->m.c, "secret", NULL);
  o.pin = cli_flag(ch->m.c, "pin", NULL);
  int rc = januv_textroom_create(ch->tr, &o, on_created, ch);
  if (rc) cli_media_fail(&ch->m, CLI_USAGE, "create", januv_strerror(rc));
}

static void on_attached(januv_textroom *tr, const januv_reply *r, void *data) {
  chat *ch = data;
  if (!cli_media_reply_ok(&ch->m, "attach", r)) return;
  ch->tr = tr;
  januv_peer_options o;
  januv_peer_options_init(&o); /* no track: a data channel only */
  if (!cli_media_peer(&ch->m, &o, NULL)) return;
  int rc = januv_textroom_setup(tr, ch->m.peer, on_setup, ch);
  if (rc) cli_media_fail(&ch->m, CLI_NO_MEDIA, "setup", januv_strerror(rc));
}

static void on_session(cli_media *m) {
  chat *ch = m->data;
  static const januv_textroom_callbacks cbs = {.on_event = on_event,
                                               .on_handle_event = on_handle_event,
                                               .on_channel_closed = on_channel_closed,
                                               .on_closed = on_closed};
  int rc = januv_textroom_attach(m->session, &cbs, on_attached, ch);
  if (rc) cli_media_fail(m, CLI_TRANSPORT, "attach", januv_strerror(rc));
}

int cmd_textroom(cli *c) {
  if (strcmp(c->argv[0], "chat") != 0 || c->argc != 3) {
    cli_err(c, "textroom wants chat URL ROOM");
    return CLI_USAGE;
  }
  chat *ch = calloc(1, sizeof *ch);
  if (!ch) return CLI_TRANSPORT;
  ch->m.data = ch;
  ch->m.on_session = on_session;
  ch->room = cli_plugin_id(c, c->argv[2]);
  const char *user = cli_flag(c, "username", NULL);
  if (user && *user)
    snprintf(ch->username, sizeof ch->username, "%s", user);
  else
    snprintf(ch->username, sizeof ch->username, "januv-%ld", (long)getpid());
  int rc = cli_media_run(&ch->m, c, 0, c->argv[1]);
  close_input(ch);
  free(ch->line);
  free(ch);
  return rc;
}
