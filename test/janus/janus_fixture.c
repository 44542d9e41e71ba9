/* jfx: a private Janus on 127.0.0.1 for tests (see janus_fixture.h). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "janus_fixture.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#ifndef JFX_CONF_DIR
#error "JFX_CONF_DIR must point to test/janus/conf"
#endif
#ifndef JFX_SHIM_PATH
#error "JFX_SHIM_PATH must point to the built loopback shim"
#endif
#ifndef JFX_TMP_DIR
#define JFX_TMP_DIR "/tmp"
#endif

extern char **environ;

#define JFX_DEFAULT_ADMIN_SECRET "januv-admin-secret"
#define JFX_READY_TIMEOUT_MS 20000
#define JFX_POLL_MS 20
#define JFX_STOP_TIMEOUT_MS 10000
#define JFX_LOG_TAIL 8192
/* RTP window: [base, base + 200) within 20000-59999, split between Janus core
 * (ICE) and the plugins that bind plain RTP ports themselves. */
#define JFX_RTP_LOW 20000
#define JFX_RTP_HIGH 59999
#define JFX_RTP_WINDOW 200

enum {
	P_HTTP, P_ADMIN_HTTP, P_WS, P_ADMIN_WS, /* always */
	P_HTTPS, P_ADMIN_HTTPS, P_WSS, P_ADMIN_WSS, /* TLS only */
	P_COUNT
};
#define P_PLAIN_COUNT 4

enum {
	K_WS, K_WSS, K_HTTP, K_HTTPS, K_UNIX,
	K_ADMIN_HTTP, K_ADMIN_HTTPS, K_ADMIN_WS, K_ADMIN_WSS, K_ADMIN_UNIX,
	K_COUNT
};
static const char *const jfx_kinds[K_COUNT] = {
	"ws", "wss", "http", "https", "unix",
	"admin-http", "admin-https", "admin-ws", "admin-wss", "admin-unix",
};

static const char *const jfx_templates[] = {
	"janus.jcfg",
	"janus.transport.http.jcfg",
	"janus.transport.websockets.jcfg",
	"janus.transport.pfunix.jcfg",
	"janus.plugin.echotest.jcfg",
	"janus.plugin.videoroom.jcfg",
	"janus.plugin.streaming.jcfg",
	"janus.plugin.audiobridge.jcfg",
	"janus.plugin.textroom.jcfg",
	"janus.plugin.videocall.jcfg",
	"janus.plugin.recordplay.jcfg",
	"janus.plugin.sip.jcfg",
	"janus.eventhandler.sampleevh.jcfg",
	"janus.logger.jsonlog.jcfg",
};
#define JFX_NTEMPLATES (sizeof(jfx_templates) / sizeof(jfx_templates[0]))

struct jfx {
	/* options (owned copies) */
	char *name, *api_secret, *admin_secret, *cert_pem, *cert_key, *streaming_extra, *videoroom_extra;
	bool token_auth, string_ids, tls, event_handlers, unix_dgram;
	unsigned session_timeout, reclaim_session_timeout, event_loops;
	int debug_level;
	/* instance */
	char *dir, *log_path, *config_path, *recordings_dir;
	char *sock_dir; /* mkdtemp'd short dir when dir is too long for sun_path */
	char *unix_path, *admin_unix_path;
	char *janus_bin, *shim;
	unsigned short port[P_COUNT];
	unsigned rtp_base;
	char *url[K_COUNT];
	pid_t pid;
	off_t log_scan; /* where this run's log starts / was scanned up to */
};

static unsigned jfx_counter;

/* ------------------------------------------------------------------ utils */

__attribute__((format(printf, 1, 2)))
static char *jfx_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

static char *jfx_strdup0(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static int64_t jfx_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void jfx_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

static uint32_t jfx_random(void)
{
	uint32_t v;
	if (getrandom(&v, sizeof v, GRND_NONBLOCK) == (ssize_t)sizeof v)
		return v;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)ts.tv_nsec ^ ((uint32_t)getpid() << 16) ^ (uint32_t)ts.tv_sec;
}

static int jfx_mkdir_p(const char *path)
{
	char *p = strdup(path);
	if (p == NULL)
		return -ENOMEM;
	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST) {
			int e = -errno;
			free(p);
			return e;
		}
		*s = '/';
	}
	int rc = 0;
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		rc = -errno;
	free(p);
	return rc;
}

/* A string literal for .jcfg (libconfig): quote, backslash and controls escaped. */
static char *jfx_jcfg_escape(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n * 4 + 1);
	if (out == NULL)
		return NULL;
	char *o = out;
	for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
		if (*c == '"' || *c == '\\') {
			*o++ = '\\';
			*o++ = (char)*c;
		} else if (*c < 0x20 || *c == 0x7f) {
			static const char hex[] = "0123456789abcdef";
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		} else {
			*o++ = (char)*c;
		}
	}
	*o = '\0';
	return out;
}

static int jfx_read_file(const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return -errno;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL) {
		fclose(f);
		return -ENOMEM;
	}
	for (;;) {
		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	int err = ferror(f) ? -EIO : 0;
	fclose(f);
	if (err != 0) {
		free(buf);
		return err;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

/* ------------------------------------------------------------ templates */

struct jfx_var {
	const char *name;
	char *value;
};

static int jfx_render(const char *tmpl, const char *out, const struct jfx_var *vars, size_t nvars)
{
	char *src = NULL;
	size_t len = 0;
	int rc = jfx_read_file(tmpl, &src, &len);
	if (rc != 0) {
		fprintf(stderr, "jfx: cannot read template %s: %s\n", tmpl, strerror(-rc));
		return rc;
	}
	FILE *f = fopen(out, "w");
	if (f == NULL) {
		rc = -errno;
		fprintf(stderr, "jfx: cannot write %s: %s\n", out, strerror(-rc));
		free(src);
		return rc;
	}
	for (size_t i = 0; i < len && rc == 0; i++) {
		if (src[i] != '@') {
			fputc(src[i], f);
			continue;
		}
		size_t k = i + 1;
		while (k < len && (isupper((unsigned char)src[k]) || isdigit((unsigned char)src[k]) || src[k] == '_'))
			k++;
		if (k == i + 1 || k >= len || src[k] != '@') {
			fputc('@', f);
			continue;
		}
		size_t nlen = k - i - 1;
		const struct jfx_var *v = NULL;
		for (size_t vi = 0; vi < nvars; vi++) {
			if (strlen(vars[vi].name) == nlen && memcmp(vars[vi].name, src + i + 1, nlen) == 0) {
				v = &vars[vi];
				break;
			}
		}
		if (v == NULL) {
			fprintf(stderr, "jfx: %s: unknown token @%.*s@\n", tmpl, (int)nlen, src + i + 1);
			rc = -EINVAL;
			break;
		}
		fputs(v->value, f);
		i = k;
	}
	if (fclose(f) != 0 && rc == 0)
		rc = -errno;
	free(src);
	return rc;
}

static int jfx_write_configs(jfx *j)
{
	char range_core[32], range_ab[32], range_sip[32], range_st[32];
	unsigned b = j->rtp_base;
	snprintf(range_core, sizeof range_core, "%u-%u", b, b + 139);
	snprintf(range_ab, sizeof range_ab, "%u-%u", b + 140, b + 159);
	snprintf(range_sip, sizeof range_sip, "%u-%u", b + 160, b + 179);
	snprintf(range_st, sizeof range_st, "%u-%u", b + 180, b + JFX_RTP_WINDOW - 1);

	char *e_dir = jfx_jcfg_escape(j->dir);
	char *e_admin = jfx_jcfg_escape(j->admin_secret);
	char *e_api = j->api_secret != NULL ? jfx_jcfg_escape(j->api_secret) : NULL;
	char *e_name = jfx_jcfg_escape(j->name);
	char *e_unix = jfx_jcfg_escape(j->unix_path);
	char *e_aunix = jfx_jcfg_escape(j->admin_unix_path);
	char *e_rec = jfx_jcfg_escape(j->recordings_dir);
	char *e_pem = j->tls ? jfx_jcfg_escape(j->cert_pem) : NULL;
	char *e_key = j->tls ? jfx_jcfg_escape(j->cert_key) : NULL;
	const char *mods = getenv("JANUV_JANUS_MODULES_DIR");
	char *e_mods = mods != NULL && *mods != '\0' ? jfx_jcfg_escape(mods) : NULL;

	struct jfx_var vars[] = {
		{ "DIR", jfx_strdup0(e_dir) },
		{ "MODULE_FOLDERS_LINES", e_mods != NULL
			? jfx_printf("plugins_folder = \"%s/plugins\"\n\ttransports_folder = \"%s/transports\"\n"
				"\tevents_folder = \"%s/events\"\n\tloggers_folder = \"%s/loggers\"",
				e_mods, e_mods, e_mods, e_mods)
			: strdup("# (built-in defaults)") },
		{ "SERVER_NAME", jfx_printf("januv-test-%s", e_name ? e_name : "") },
		{ "DEBUG_LEVEL", jfx_printf("%d", j->debug_level) },
		{ "ADMIN_SECRET", jfx_strdup0(e_admin) },
		{ "API_SECRET_LINE", e_api != NULL ? jfx_printf("api_secret = \"%s\"", e_api)
						   : strdup("# no api_secret") },
		{ "TOKEN_AUTH", strdup(j->token_auth ? "true" : "false") },
		{ "SESSION_TIMEOUT", jfx_printf("%u", j->session_timeout ? j->session_timeout : 60u) },
		{ "RECLAIM_SESSION_TIMEOUT", jfx_printf("%u", j->reclaim_session_timeout) },
		{ "RTP_PORT_RANGE", strdup(range_core) },
		{ "AUDIOBRIDGE_PORT_RANGE", strdup(range_ab) },
		{ "SIP_PORT_RANGE", strdup(range_sip) },
		{ "STREAMING_PORT_RANGE", strdup(range_st) },
		{ "TLS", strdup(j->tls ? "true" : "false") },
		{ "HTTP_PORT", jfx_printf("%u", j->port[P_HTTP]) },
		{ "HTTPS_PORT", jfx_printf("%u", j->port[P_HTTPS]) },
		{ "ADMIN_HTTP_PORT", jfx_printf("%u", j->port[P_ADMIN_HTTP]) },
		{ "ADMIN_HTTPS_PORT", jfx_printf("%u", j->port[P_ADMIN_HTTPS]) },
		{ "WS_PORT", jfx_printf("%u", j->port[P_WS]) },
		{ "WSS_PORT", jfx_printf("%u", j->port[P_WSS]) },
		{ "ADMIN_WS_PORT", jfx_printf("%u", j->port[P_ADMIN_WS]) },
		{ "ADMIN_WSS_PORT", jfx_printf("%u", j->port[P_ADMIN_WSS]) },
		{ "TLS_CERT_LINES", j->tls ? jfx_printf("cert_pem = \"%s\"\n\tcert_key = \"%s\"", e_pem, e_key)
					   : strdup("# no TLS") },
		{ "UNIX_PATH", jfx_strdup0(e_unix) },
		{ "ADMIN_UNIX_PATH", jfx_strdup0(e_aunix) },
		{ "UNIX_TYPE", strdup(j->unix_dgram ? "SOCK_DGRAM" : "SOCK_SEQPACKET") },
		{ "STRING_IDS", strdup(j->string_ids ? "true" : "false") },
		{ "RECORDINGS_DIR", jfx_strdup0(e_rec) },
		{ "STREAMING_EXTRA", strdup(j->streaming_extra ? j->streaming_extra : "") },
		{ "VIDEOROOM_EXTRA", strdup(j->videoroom_extra ? j->videoroom_extra : "") },
		{ "EVENT_HANDLERS", strdup(j->event_handlers ? "true" : "false") },
		{ "LOGGERS_DISABLE_LINE", strdup(j->event_handlers ? "# JSON logger on"
								   : "disable = \"libjanus_jsonlog.so\"") },
		{ "EVENT_LOOPS_LINE", j->event_loops ? jfx_printf("event_loops = %u", j->event_loops)
						     : strdup("# an event loop per handle") },
	};
	size_t nvars = sizeof vars / sizeof vars[0];
	int rc = 0;
	for (size_t i = 0; i < nvars; i++) {
		if (vars[i].value == NULL)
			rc = -ENOMEM;
	}
	for (size_t i = 0; i < JFX_NTEMPLATES && rc == 0; i++) {
		char *in = jfx_printf("%s/%s.in", JFX_CONF_DIR, jfx_templates[i]);
		char *out = jfx_printf("%s/%s", j->dir, jfx_templates[i]);
		rc = in && out ? jfx_render(in, out, vars, nvars) : -ENOMEM;
		free(in);
		free(out);
	}
	for (size_t i = 0; i < nvars; i++)
		free(vars[i].value);
	free(e_dir);
	free(e_admin);
	free(e_api);
	free(e_name);
	free(e_unix);
	free(e_aunix);
	free(e_rec);
	free(e_pem);
	free(e_key);
	free(e_mods);
	return rc;
}

/* ----------------------------------------------------------------- ports */

static int jfx_pick_ports(jfx *j)
{
	int fds[P_COUNT];
	int n = j->tls ? P_COUNT : P_PLAIN_COUNT, rc = 0, opened = 0;
	memset(j->port, 0, sizeof j->port);
	/* Keep every socket bound until all ports are known, so they differ. */
	for (int i = 0; i < n; i++) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		socklen_t sl = sizeof sa;
		fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fds[i] < 0) {
			rc = -errno;
			break;
		}
		opened++;
		if (bind(fds[i], (struct sockaddr *)&sa, sizeof sa) != 0 ||
		    getsockname(fds[i], (struct sockaddr *)&sa, &sl) != 0) {
			rc = -errno;
			break;
		}
		j->port[i] = ntohs(sa.sin_port);
	}
	for (int i = 0; i < opened; i++)
		close(fds[i]);
	unsigned slots = (JFX_RTP_HIGH + 1 - JFX_RTP_LOW - JFX_RTP_WINDOW) / 2;
	j->rtp_base = JFX_RTP_LOW + 2 * (jfx_random() % slots);
	return rc;
}

static int jfx_build_urls(jfx *j)
{
	for (int k = 0; k < K_COUNT; k++) {
		free(j->url[k]);
		j->url[k] = NULL;
	}
	j->url[K_WS] = jfx_printf("ws://127.0.0.1:%u", j->port[P_WS]);
	j->url[K_HTTP] = jfx_printf("http://127.0.0.1:%u/janus", j->port[P_HTTP]);
	j->url[K_UNIX] = jfx_printf("unix://%s%s", j->unix_path, j->unix_dgram ? "?type=dgram" : "");
	j->url[K_ADMIN_HTTP] = jfx_printf("http://127.0.0.1:%u/admin", j->port[P_ADMIN_HTTP]);
	j->url[K_ADMIN_WS] = jfx_printf("ws://127.0.0.1:%u", j->port[P_ADMIN_WS]);
	j->url[K_ADMIN_UNIX] = jfx_printf("unix://%s", j->admin_unix_path);
	int need = 6;
	if (j->tls) {
		/* "localhost" so certificate checks can use a host name; Janus binds 127.0.0.1. */
		j->url[K_WSS] = jfx_printf("wss://localhost:%u", j->port[P_WSS]);
		j->url[K_HTTPS] = jfx_printf("https://localhost:%u/janus", j->port[P_HTTPS]);
		j->url[K_ADMIN_HTTPS] = jfx_printf("https://localhost:%u/admin", j->port[P_ADMIN_HTTPS]);
		j->url[K_ADMIN_WSS] = jfx_printf("wss://localhost:%u", j->port[P_ADMIN_WSS]);
		need += 4;
	}
	int have = 0;
	for (int k = 0; k < K_COUNT; k++)
		have += j->url[k] != NULL;
	return have == need ? 0 : -ENOMEM;
}

/* ------------------------------------------------------------------ spawn */

/* An executable regular file: PATH may hold directories named "janus" (e.g. a library dir). */
static bool jfx_is_program(const char *path)
{
	struct stat st;
	return access(path, X_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *jfx_find_janus(void)
{
	const char *bin = getenv("JANUV_JANUS_BIN");
	if (bin == NULL || *bin == '\0')
		bin = "janus";
	if (strchr(bin, '/') != NULL)
		return jfx_is_program(bin) ? strdup(bin) : NULL;
	const char *path = getenv("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (;;) {
		size_t n = strcspn(path, ":");
		/* An empty PATH entry means the current directory. */
		char *cand = n > 0 ? jfx_printf("%.*s/%s", (int)n, path, bin) : jfx_printf("./%s", bin);
		if (cand != NULL && jfx_is_program(cand))
			return cand;
		free(cand);
		if (path[n] == '\0')
			break;
		path += n + 1;
	}
	return NULL;
}

static void jfx_unlink_sockets(const jfx *j)
{
	unlink(j->unix_path);
	unlink(j->admin_unix_path);
}

static int jfx_spawn(jfx *j)
{
	jfx_unlink_sockets(j);

	int logfd = open(j->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0)
		return -errno;
	char *mark = jfx_printf("==== jfx: starting %s -F %s -C %s ====\n", j->janus_bin, j->dir, j->config_path);
	if (mark != NULL) {
		ssize_t w = write(logfd, mark, strlen(mark));
		(void)w;
		free(mark);
	}
	struct stat st;
	j->log_scan = fstat(logfd, &st) == 0 ? st.st_size : 0;
	int nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (nullfd < 0) {
		int e = -errno;
		close(logfd);
		return e;
	}

	/* Everything the child needs is prepared before fork(): the test process
	 * may have threads, so the child only makes async-signal-safe calls. */
	char *argv[] = { j->janus_bin, (char *)"-F", j->dir, (char *)"-C", j->config_path, NULL };
	size_t nenv = 0;
	while (environ[nenv] != NULL)
		nenv++;
	char **envp = calloc(nenv + 2, sizeof *envp);
	char *preload = jfx_printf("LD_PRELOAD=%s", j->shim);
	if (envp == NULL || preload == NULL) {
		free(envp);
		free(preload);
		close(logfd);
		close(nullfd);
		return -ENOMEM;
	}
	size_t e = 0;
	for (size_t i = 0; i < nenv; i++) {
		if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0)
			envp[e++] = environ[i];
	}
	envp[e++] = preload;
	envp[e] = NULL;
	long maxfd = sysconf(_SC_OPEN_MAX);
	if (maxfd < 0 || maxfd > 65536)
		maxfd = 65536;
	pid_t parent = getpid();

	pid_t pid = fork();
	if (pid == 0) {
		/* Janus dies with the thread that started it. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		/* Signal mask and ignored signals survive exec: reset them. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		struct sigaction dfl;
		memset(&dfl, 0, sizeof dfl);
		dfl.sa_handler = SIG_DFL;
		for (int sig = 1; sig < NSIG; sig++)
			sigaction(sig, &dfl, NULL);
		if (dup2(nullfd, 0) < 0 || dup2(logfd, 1) < 0 || dup2(logfd, 2) < 0)
			_exit(127);
		/* Don't leak the test's sockets (listeners, peers) into Janus. */
#ifdef SYS_close_range
		if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0)
#endif
		{
			for (long fd = 3; fd < maxfd; fd++)
				close((int)fd);
		}
		execve(j->janus_bin, argv, envp);
		static const char msg[] = "jfx: execve(janus) failed\n";
		ssize_t w = write(2, msg, sizeof msg - 1);
		(void)w;
		_exit(127);
	}
	int err = pid < 0 ? -errno : 0;
	free(envp);
	free(preload);
	close(logfd);
	close(nullfd);
	if (err != 0)
		return err;
	j->pid = pid;
	return 0;
}

/* ------------------------------------------------------------------ ready */

static bool jfx_tcp_connects(unsigned short port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

static bool jfx_unix_connects(const char *path, int type)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return false;
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	bool ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* Which of our ports have a LISTEN socket owned by the Janus process?
 * (Another process may have grabbed a port between our probe and Janus's
 * bind(): then connect() succeeds, but not to our Janus.) Sets *unknown when
 * /proc can't tell. */
static void jfx_owned_listeners(const jfx *j, bool owned[P_COUNT], bool *unknown)
{
	unsigned long inode_of[P_COUNT] = { 0 };
	memset(owned, 0, sizeof(bool) * P_COUNT);
	*unknown = false;
	FILE *f = fopen("/proc/net/tcp", "r");
	if (f == NULL) {
		*unknown = true;
		return;
	}
	char line[512];
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned lport, st;
		unsigned long inode;
		/* sl local rem st tx:rx tr:when retrnsmt uid timeout inode */
		if (sscanf(line, " %*d: %*x:%x %*x:%*x %x %*x:%*x %*x:%*x %*x %*u %*u %lu",
			   &lport, &st, &inode) != 3 || st != 0x0A)
			continue;
		for (int i = 0; i < P_COUNT; i++) {
			if (j->port[i] != 0 && j->port[i] == lport)
				inode_of[i] = inode;
		}
	}
	fclose(f);
	char fddir[64];
	snprintf(fddir, sizeof fddir, "/proc/%ld/fd", (long)j->pid);
	DIR *d = opendir(fddir);
	if (d == NULL) {
		*unknown = true;
		return;
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		char lp[320], target[64];
		snprintf(lp, sizeof lp, "%s/%s", fddir, de->d_name);
		ssize_t n = readlink(lp, target, sizeof target - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		unsigned long inode;
		if (sscanf(target, "socket:[%lu]", &inode) != 1)
			continue;
		for (int i = 0; i < P_COUNT; i++) {
			if (inode_of[i] != 0 && inode_of[i] == inode)
				owned[i] = true;
		}
	}
	closedir(d);
}

/* Look for "[FATAL]" in this run's part of the log, and for Janus 1.1.2's pfunix start-up race: its
 * thread is started before its sockets exist and may end at once ("Unix Sockets thread ended"), leaving
 * the sockets dead. Either means this start failed. */
static bool jfx_log_has_fatal(jfx *j)
{
	int fd = open(j->log_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool found = false;
	char buf[8192 + 8];
	off_t off = j->log_scan;
	for (;;) {
		ssize_t n = pread(fd, buf, sizeof buf - 1, off);
		if (n <= 0)
			break;
		buf[n] = '\0';
		if (memmem(buf, (size_t)n, "[FATAL]", 7) != NULL ||
		    memmem(buf, (size_t)n, "Unix Sockets thread ended", 25) != NULL) {
			found = true;
			break;
		}
		if (n < 26)
			break;
		off += n - 25; /* overlap a marker split between reads */
	}
	if (!found)
		j->log_scan = off;
	close(fd);
	return found;
}

static bool jfx_reap(jfx *j, int *status, bool block)
{
	for (;;) {
		pid_t r = waitpid(j->pid, status, block ? 0 : WNOHANG);
		if (r == j->pid)
			return true;
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {       /* ECHILD: reaped elsewhere (SIGCHLD ignored?) */
			*status = 0;
			return true;
		}
		return false;
	}
}

static int jfx_wait_ready(jfx *j)
{
	int n = j->tls ? P_COUNT : P_PLAIN_COUNT;
	bool tcp_ok[P_COUNT] = { false }, ux_ok = false, aux_ok = false;
	int64_t deadline = jfx_now_ms() + JFX_READY_TIMEOUT_MS;
	for (;;) {
		int status;
		if (jfx_reap(j, &status, false)) {
			j->pid = 0;
			if (WIFEXITED(status))
				fprintf(stderr, "jfx: janus exited early with status %d\n", WEXITSTATUS(status));
			else
				fprintf(stderr, "jfx: janus died early (signal %d)\n",
					WIFSIGNALED(status) ? WTERMSIG(status) : 0);
			return -ECHILD;
		}
		if (jfx_log_has_fatal(j)) {
			fprintf(stderr, "jfx: janus failed while starting (FATAL error or dead Unix socket thread)\n");
			return -EIO;
		}
		bool owned[P_COUNT], unknown;
		jfx_owned_listeners(j, owned, &unknown);
		bool all = true;
		for (int i = 0; i < n; i++) {
			if (!tcp_ok[i] && (owned[i] || unknown))
				tcp_ok[i] = jfx_tcp_connects(j->port[i]);
			all = all && tcp_ok[i];
		}
		if (!ux_ok)
			ux_ok = jfx_unix_connects(j->unix_path, j->unix_dgram ? SOCK_DGRAM : SOCK_SEQPACKET);
		if (!aux_ok)
			aux_ok = jfx_unix_connects(j->admin_unix_path, SOCK_SEQPACKET);
		if (all && ux_ok && aux_ok)
			return jfx_log_has_fatal(j) ? -EIO : 0;
		if (jfx_now_ms() > deadline) {
			fprintf(stderr, "jfx: janus not ready after %d ms\n", JFX_READY_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		jfx_sleep_ms(JFX_POLL_MS);
	}
}

static void jfx_kill_now(jfx *j)
{
	if (j->pid <= 0)
		return;
	int status;
	kill(j->pid, SIGKILL);
	jfx_reap(j, &status, true);
	j->pid = 0;
}

/* Spawn and wait; on failure dump the log and kill. */
static int jfx_run_once(jfx *j)
{
	int rc = jfx_spawn(j);
	if (rc == 0)
		rc = jfx_wait_ready(j);
	if (rc != 0) {
		jfx_dump_log(j, stderr, JFX_LOG_TAIL);
		jfx_kill_now(j);
	}
	return rc;
}

/* -------------------------------------------------------------------- API */

void jfx_options_init(jfx_options *o)
{
	memset(o, 0, sizeof *o);
	o->name = "janus";
}

static int jfx_make_dirs(jfx *j)
{
	const char *base = getenv("JANUV_TEST_TMPDIR");
	if (base == NULL || *base == '\0')
		base = JFX_TMP_DIR;
	int rc = jfx_mkdir_p(base);
	if (rc != 0) {
		fprintf(stderr, "jfx: cannot create %s: %s\n", base, strerror(-rc));
		return rc;
	}
	char *abase = realpath(base, NULL);
	if (abase == NULL)
		return -errno;
	/* The name ends up in paths: keep it tame. */
	char *nm = strdup(j->name);
	if (nm == NULL) {
		free(abase);
		return -ENOMEM;
	}
	for (char *c = nm; *c != '\0'; c++) {
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
			*c = '_';
	}
	rc = -EEXIST;
	for (int tries = 0; tries < 1000 && rc == -EEXIST; tries++) {
		unsigned c = __atomic_fetch_add(&jfx_counter, 1, __ATOMIC_RELAXED);
		free(j->dir);
		j->dir = jfx_printf("%s/%s-%ld-%u", abase, nm, (long)getpid(), c);
		if (j->dir == NULL)
			rc = -ENOMEM;
		else
			rc = mkdir(j->dir, 0755) == 0 ? 0 : -errno;
	}
	free(abase);
	free(nm);
	if (rc != 0)
		return rc;
	j->log_path = jfx_printf("%s/janus.log", j->dir);
	j->config_path = jfx_printf("%s/janus.jcfg", j->dir);
	j->recordings_dir = jfx_printf("%s/recordings", j->dir);
	if (!j->log_path || !j->config_path || !j->recordings_dir)
		return -ENOMEM;
	if (mkdir(j->recordings_dir, 0755) != 0)
		return -errno;

	struct sockaddr_un sa;
	const char *sdir = j->dir;
	if (strlen(j->dir) + sizeof "/admin.sock" > sizeof sa.sun_path) {
		/* Too long for sun_path: put the sockets in a short private dir. */
		j->sock_dir = strdup("/tmp/jfx-XXXXXX");
		if (j->sock_dir == NULL)
			return -ENOMEM;
		if (mkdtemp(j->sock_dir) == NULL) {
			rc = -errno;
			free(j->sock_dir);
			j->sock_dir = NULL;
			return rc;
		}
		sdir = j->sock_dir;
	}
	j->unix_path = jfx_printf("%s/janus.sock", sdir);
	j->admin_unix_path = jfx_printf("%s/admin.sock", sdir);
	return j->unix_path && j->admin_unix_path ? 0 : -ENOMEM;
}

static int jfx_abs_path(const char *in, char **out)
{
	*out = realpath(in, NULL);
	if (*out == NULL) {
		int e = -errno;
		fprintf(stderr, "jfx: %s: %s\n", in, strerror(-e));
		return e;
	}
	return 0;
}

int jfx_start(const jfx_options *o, jfx **out)
{
	*out = NULL;
	jfx_options defaults;
	if (o == NULL) {
		jfx_options_init(&defaults);
		o = &defaults;
	}
	if ((o->cert_pem == NULL) != (o->cert_key == NULL)) {
		fprintf(stderr, "jfx: cert_pem and cert_key go together\n");
		return -EINVAL;
	}
	jfx *j = calloc(1, sizeof *j);
	if (j == NULL)
		return -ENOMEM;
	int rc = 0;
	j->name = strdup(o->name != NULL && *o->name != '\0' ? o->name : "janus");
	j->admin_secret = strdup(o->admin_secret != NULL ? o->admin_secret : JFX_DEFAULT_ADMIN_SECRET);
	j->api_secret = jfx_strdup0(o->api_secret);
	j->streaming_extra = jfx_strdup0(o->streaming_extra);
	j->videoroom_extra = jfx_strdup0(o->videoroom_extra);
	if (!j->name || !j->admin_secret || (o->api_secret && !j->api_secret) ||
	    (o->streaming_extra && !j->streaming_extra) || (o->videoroom_extra && !j->videoroom_extra))
		rc = -ENOMEM;
	j->token_auth = o->token_auth;
	j->string_ids = o->string_ids;
	j->unix_dgram = o->unix_dgram;
	j->event_handlers = o->event_handlers;
	j->event_loops = o->event_loops;
	j->session_timeout = o->session_timeout;
	j->reclaim_session_timeout = o->reclaim_session_timeout;
	j->debug_level = o->debug_level > 0 ? o->debug_level : 4;
	j->tls = o->cert_pem != NULL;
	if (rc == 0 && j->tls) {
		rc = jfx_abs_path(o->cert_pem, &j->cert_pem);
		if (rc == 0)
			rc = jfx_abs_path(o->cert_key, &j->cert_key);
	}
	if (rc == 0) {
		j->janus_bin = jfx_find_janus();
		if (j->janus_bin == NULL) {
			fprintf(stderr, "jfx: janus binary not found (PATH or $JANUV_JANUS_BIN)\n");
			rc = -ENOENT;
		}
	}
	if (rc == 0) {
		j->shim = strdup(JFX_SHIM_PATH);
		if (j->shim == NULL)
			rc = -ENOMEM;
		else if (access(j->shim, R_OK) != 0) {
			rc = -errno;
			fprintf(stderr, "jfx: loopback shim %s: %s\n", j->shim, strerror(-rc));
		}
	}
	if (rc == 0)
		rc = jfx_make_dirs(j);
	/* Up to four attempts: a port we probed may have been taken before Janus bound it, or Janus 1.1.2's
	 * pfunix start-up race (see jfx_log_has_fatal()) hit, which under load is not rare. */
	for (int attempt = 0; rc == 0 && attempt < 4; attempt++) {
		rc = jfx_pick_ports(j);
		if (rc == 0)
			rc = jfx_build_urls(j);
		if (rc == 0)
			rc = jfx_write_configs(j);
		if (rc != 0)
			break;
		rc = jfx_run_once(j);
		if (rc == 0)
			break;
		if (attempt < 3) {
			fprintf(stderr, "jfx: retrying with new ports\n");
			rc = 0;
			continue;
		}
	}
	if (rc != 0) {
		fprintf(stderr, "jfx: starting janus failed: %s%s%s\n", strerror(-rc),
			j->dir ? "; instance dir " : "", j->dir ? j->dir : "");
		jfx_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

const char *jfx_url(const jfx *j, const char *kind)
{
	if (j == NULL || kind == NULL)
		return NULL;
	for (int k = 0; k < K_COUNT; k++) {
		if (strcmp(kind, jfx_kinds[k]) == 0)
			return j->url[k];
	}
	return NULL;
}

const char *jfx_admin_secret(const jfx *j)
{
	return j != NULL ? j->admin_secret : NULL;
}

pid_t jfx_pid(const jfx *j)
{
	return j != NULL ? j->pid : 0;
}

const char *jfx_dir(const jfx *j)
{
	return j != NULL ? j->dir : NULL;
}

/* True once every thread of pid is stopped ('T' in /proc/<pid>/task/<tid>/stat). */
static bool jfx_all_stopped(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	DIR *d = opendir(path);
	if (d == NULL)
		return true; /* nothing to wait for */
	bool all = true;
	struct dirent *e;
	while (all && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char stat[320], buf[256];
		snprintf(stat, sizeof stat, "/proc/%d/task/%s/stat", (int)pid, e->d_name);
		FILE *f = fopen(stat, "r");
		if (f == NULL)
			continue;
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		const char *rp = strrchr(buf, ')');
		if (rp != NULL && rp[1] == ' ' && rp[2] != 'T' && rp[2] != 't' && rp[2] != 'Z')
			all = false;
	}
	closedir(d);
	return all;
}

int jfx_signal(jfx *j, int sig)
{
	if (j == NULL || j->pid <= 0)
		return -ESRCH;
	if (kill(j->pid, sig) != 0)
		return -errno;
	/* SIGSTOP takes effect thread by thread: callers expect a Janus that no longer answers. */
	if (sig == SIGSTOP) {
		int64_t deadline = jfx_now_ms() + 5000;
		while (!jfx_all_stopped(j->pid) && jfx_now_ms() < deadline)
			usleep(1000);
	}
	return 0;
}

int jfx_stop(jfx *j)
{
	if (j == NULL || j->pid <= 0)
		return 0;
	int status;
	kill(j->pid, SIGTERM);
	kill(j->pid, SIGCONT); /* in case a test left it SIGSTOPped */
	int64_t deadline = jfx_now_ms() + JFX_STOP_TIMEOUT_MS;
	bool gone = false;
	while (!(gone = jfx_reap(j, &status, false)) && jfx_now_ms() < deadline)
		jfx_sleep_ms(5);
	if (!gone) {
		fprintf(stderr, "jfx: janus (pid %ld) ignored SIGTERM for %d ms, killing it\n",
			(long)j->pid, JFX_STOP_TIMEOUT_MS);
		kill(j->pid, SIGKILL);
		jfx_reap(j, &status, true);
	}
	j->pid = 0;
	return 0;
}

int jfx_restart(jfx *j)
{
	if (j == NULL)
		return -EINVAL;
	jfx_stop(j);
	int rc = jfx_run_once(j);
	/* Janus 1.1.2's pfunix start-up race (see jfx_log_has_fatal()) fails a start now and then, as
	 * jfx_start() knows: again, on the same ports and paths. */
	for (int attempt = 1; rc == -EIO && attempt < 4; attempt++) {
		fprintf(stderr, "jfx: restarting janus again\n");
		rc = jfx_run_once(j);
	}
	if (rc != 0)
		fprintf(stderr, "jfx: restarting janus failed: %s\n", strerror(-rc));
	return rc;
}

void jfx_free(jfx *j)
{
	if (j == NULL)
		return;
	jfx_stop(j);
	if (j->sock_dir != NULL) {
		jfx_unlink_sockets(j);
		rmdir(j->sock_dir);
		free(j->sock_dir);
	}
	for (int k = 0; k < K_COUNT; k++)
		free(j->url[k]);
	free(j->name);
	free(j->api_secret);
	free(j->admin_secret);
	free(j->cert_pem);
	free(j->cert_key);
	free(j->streaming_extra);
	free(j->videoroom_extra);
	free(j->dir);
	free(j->log_path);
	free(j->config_path);
	free(j->recordings_dir);
	free(j->unix_path);
	free(j->admin_unix_path);
	free(j->janus_bin);
	free(j->shim);
	free(j);
}

void jfx_dump_log(const jfx *j, FILE *f, size_t max_bytes)
{
	if (j == NULL || j->log_path == NULL || f == NULL)
		return;
	FILE *in = fopen(j->log_path, "r");
	if (in == NULL) {
		fprintf(f, "jfx: no janus log at %s\n", j->log_path);
		return;
	}
	struct stat st;
	off_t start = 0;
	if (fstat(fileno(in), &st) == 0 && (size_t)st.st_size > max_bytes)
		start = st.st_size - (off_t)max_bytes;
	fprintf(f, "---- janus log %s (last %zu bytes max) ----\n", j->log_path, max_bytes);
	if (start > 0 && fseeko(in, start, SEEK_SET) == 0) {
		int c;
		while ((c = fgetc(in)) != EOF && c != '\n') {
		}
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, n, f);
	fprintf(f, "---- end of janus log ----\n");
	fflush(f);
	fclose(in);
}
