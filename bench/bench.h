/* januv-bench: shared plumbing of the workloads (options, clients, waiting, measuring, reporting). */
#ifndef JANUV_BENCH_H
#define JANUV_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "januv.h"

typedef struct bench {
  uv_loop_t loop;
  const char *ws_url, *http_url, *wss_url, *https_url, *admin_url, *admin_secret, *ca_file;
  bool json_only;
  int verbose;
  /* workload sizes */
  unsigned cycle_n;       /* W1 */
  unsigned conc_c;        /* W2 sessions */
  unsigned conc_m[4];     /* W2 messages per handle, per run */
  unsigned nconc_m;
  unsigned idle_s[4];     /* W3 session counts */
  unsigned nidle_s;
  unsigned hold_s;        /* W3 hold */
  unsigned media_s;       /* M1 */
  unsigned soak_s;        /* soak */
  unsigned soak_sessions;
  unsigned runs;          /* repetitions of W2 (HTTP stall hunting) */
  unsigned pool;          /* HTTP pool size override (0: default) */
  unsigned failed;        /* results that missed their targets or failed */
  size_t rss_start;       /* RSS when main() began: the libraries' share, before any januv object */
} bench;

/* ---- measuring ---- */
double bench_cpu_seconds(void);      /* user + system of this process (all threads) */
double bench_sys_seconds(void);      /* system part only */
size_t bench_rss_bytes(void);        /* resident set size */
size_t bench_heap_bytes(void);       /* bytes allocated by malloc and in use (mallinfo2) */
uint64_t bench_now_ns(void);

typedef struct bench_lat {
  uint64_t *ns;
  size_t n, cap;
} bench_lat;
void bench_lat_add(bench_lat *l, uint64_t ns);
/* p in [0, 100]; in microseconds */
double bench_lat_pct_us(bench_lat *l, double p);
double bench_lat_max_us(const bench_lat *l);
void bench_lat_free(bench_lat *l);

/* ---- results: one human row and one JSON line each ---- */
typedef struct bench_result {
  char workload[32];
  char transport[16];
  struct {
    const char *key;
    double value;
    const char *unit;
  } m[16];
  int nm;
  bool ok;
  char note[200];
} bench_result;

void bench_result_init(bench_result *r, const char *workload, const char *transport);
void bench_metric(bench_result *r, const char *key, double value, const char *unit);
/* Prints the result; a failed one counts in b->failed. */
void bench_report(bench *b, const bench_result *r);

/* ---- loop helpers ---- */
/* Runs the loop until *flag (or until nothing is left to run). */
void bench_run_until(bench *b, const bool *flag);
/* Runs the loop for ms. */
void bench_run_for(bench *b, uint32_t ms);

/* A connected client (NULL and a message when it cannot connect). */
januv_client *bench_client(bench *b, const char *url, januv_client_options *opts);
void bench_client_close(bench *b, januv_client *c);
void bench_log(const bench *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- workloads: each returns 0 when it ran (the result says whether targets were met) ---- */
int bench_cycle(bench *b, const char *url, const char *label);
int bench_concurrent(bench *b, const char *url, const char *label, unsigned m);
int bench_idle(bench *b, const char *url, const char *label, unsigned sessions);
int bench_media(bench *b, const char *url, const char *label);
int bench_soak(bench *b, const char *url, const char *label);

#endif
