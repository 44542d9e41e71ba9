/* januv-test-janus: start a private Janus on 127.0.0.1 for scripts and
 * benchmarks (see janus_fixture.h).
 *
 *   januv-test-janus [options]            print JANUS_*=... lines, then wait for
 *                                         SIGINT/SIGTERM/SIGHUP or EOF on stdin
 *   januv-test-janus [options] -- CMD...  run CMD with JANUS_* in its environment,
 *                                         exit with its status
 * Options: --name N, --api-secret S, --admin-secret S, --token-auth,
 *          --session-timeout N, --reclaim N, --string-ids, --debug-level N,
 *          --tls-cert F --tls-key F. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "certs.h"
#include "janus_fixture.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: januv-test-janus [--name N] [--api-secret S] [--admin-secret S] [--token-auth]\n"
		"                        [--session-timeout N] [--reclaim N] [--string-ids] [--debug-level N]\n"
		"                        [--tls-cert FILE --tls-key FILE | --tls] [-- COMMAND [ARG...]]\n"
		"Starts a private Janus on 127.0.0.1 and prints JANUS_*_URL=... lines; then waits for\n"
		"SIGINT/SIGTERM or EOF on stdin, or runs COMMAND with those variables set.\n");
}

static bool parse_uint(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v > 0xffffffffUL)
		return false;
	*out = (unsigned)v;
	return true;
}

static const struct {
	const char *var, *kind;
} url_vars[] = {
	{ "JANUS_WS_URL", "ws" },
	{ "JANUS_WSS_URL", "wss" },
	{ "JANUS_HTTP_URL", "http" },
	{ "JANUS_HTTPS_URL", "https" },
	{ "JANUS_UNIX_URL", "unix" },
	{ "JANUS_ADMIN_HTTP_URL", "admin-http" },
	{ "JANUS_ADMIN_HTTPS_URL", "admin-https" },
	{ "JANUS_ADMIN_WS_URL", "admin-ws" },
	{ "JANUS_ADMIN_WSS_URL", "admin-wss" },
	{ "JANUS_ADMIN_UNIX_URL", "admin-unix" },
};

static int export_vars(jfx *j, bool print)
{
	char pid[32];
	snprintf(pid, sizeof pid, "%ld", (long)jfx_pid(j));
	for (size_t i = 0; i < sizeof url_vars / sizeof url_vars[0]; i++) {
		const char *u = jfx_url(j, url_vars[i].kind);
		if (u == NULL)
			continue;
		if (print)
			printf("%s=%s\n", url_vars[i].var, u);
		else if (setenv(url_vars[i].var, u, 1) != 0)
			return -1;
	}
	if (print) {
		printf("JANUS_ADMIN_SECRET=%s\nJANUS_PID=%s\nJANUS_DIR=%s\n", jfx_admin_secret(j), pid,
		       jfx_dir(j));
		return fflush(stdout) == 0 ? 0 : -1;
	}
	if (setenv("JANUS_ADMIN_SECRET", jfx_admin_secret(j), 1) != 0 || setenv("JANUS_PID", pid, 1) != 0 ||
	    setenv("JANUS_DIR", jfx_dir(j), 1) != 0)
		return -1;
	return 0;
}

static int wait_for_end(void)
{
	char buf[256];
	while (got_signal == 0) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int r = poll(&p, 1, 200);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r > 0) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				return 0; /* EOF (or stdin unusable) */
		}
	}
	return 0;
}

static int run_command(char **argv)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("januv-test-janus: fork");
		return 127;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execvp(argv[0], argv);
		fprintf(stderr, "januv-test-janus: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status = 0;
	int forwarded = 0;
	for (;;) {
		pid_t r = waitpid(pid, &status, 0);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			perror("januv-test-janus: waitpid");
			return 127;
		}
		/* Pass SIGTERM/SIGINT/SIGHUP on to the command. */
		if (got_signal != 0 && got_signal != forwarded) {
			forwarded = got_signal;
			kill(pid, got_signal);
		}
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int main(int argc, char **argv)
{
	jfx_options o;
	jfx_options_init(&o);
	char **cmd = NULL;
	bool tls = false;
	t_certs certs;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		if (strcmp(a, "--") == 0) {
			if (i + 1 >= argc) {
				usage(stderr);
				return 2;
			}
			cmd = argv + i + 1;
			break;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--token-auth") == 0) {
			o.token_auth = true;
			takes = false;
		} else if (strcmp(a, "--string-ids") == 0) {
			o.string_ids = true;
			takes = false;
		} else if (strcmp(a, "--tls") == 0) {
			tls = true;
			takes = false;
		} else if (v == NULL) {
			fprintf(stderr, "januv-test-janus: %s: missing value or unknown option\n", a);
			usage(stderr);
			return 2;
		} else if (strcmp(a, "--name") == 0) {
			o.name = v;
		} else if (strcmp(a, "--api-secret") == 0) {
			o.api_secret = v;
		} else if (strcmp(a, "--admin-secret") == 0) {
			o.admin_secret = v;
		} else if (strcmp(a, "--tls-cert") == 0) {
			o.cert_pem = v;
		} else if (strcmp(a, "--tls-key") == 0) {
			o.cert_key = v;
		} else if (strcmp(a, "--session-timeout") == 0 || strcmp(a, "--reclaim") == 0 ||
			   strcmp(a, "--debug-level") == 0) {
			unsigned n;
			if (!parse_uint(v, &n)) {
				fprintf(stderr, "januv-test-janus: %s: bad number '%s'\n", a, v);
				return 2;
			}
			if (a[2] == 's')
				o.session_timeout = n;
			else if (a[2] == 'r')
				o.reclaim_session_timeout = n;
			else
				o.debug_level = (int)n;
		} else {
			fprintf(stderr, "januv-test-janus: unknown option %s\n", a);
			usage(stderr);
			return 2;
		}
		if (takes)
			i++;
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (tls) {
		/* a CA and a "localhost" certificate of our own; JANUS_CA_FILE tells clients what to trust */
		char dir[600];
		const char *tmp = getenv("JANUV_TEST_TMPDIR");
		snprintf(dir, sizeof dir, "%s/certs-%s-%d", tmp && *tmp ? tmp : "/tmp", o.name ? o.name : "janus",
			 (int)getpid());
		if (t_make_certs(dir, &certs) != 0)
			return 1;
		o.cert_pem = certs.server_cert;
		o.cert_key = certs.server_key;
		setenv("JANUS_CA_FILE", certs.ca, 1);
	}

	jfx *j;
	int rc = jfx_start(&o, &j);
	if (rc != 0) {
		fprintf(stderr, "januv-test-janus: cannot start janus: %s\n", strerror(-rc));
		return 1;
	}
	int status = 0;
	if (cmd != NULL) {
		if (export_vars(j, false) != 0) {
			perror("januv-test-janus: setenv");
			status = 1;
		} else {
			status = run_command(cmd);
		}
	} else {
		if (tls)
			printf("JANUS_CA_FILE=%s\n", certs.ca);
		if (export_vars(j, true) != 0 || wait_for_end() != 0)
			status = 1;
	}
	jfx_free(j);
	return status;
}
