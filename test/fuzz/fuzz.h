/*
 * Shared by the fuzz targets: the libFuzzer entry points and an assertion that stays on in every
 * build (a broken invariant is a finding, not a skipped check).
 *
 * Each target is built twice: with libFuzzer (-Dfuzz=true, clang) and with driver.c, a plain main()
 * that runs files through LLVMFuzzerTestOneInput (the fuzz-smoke suite replays the corpus and the
 * regression inputs in every build).
 */
#ifndef JV_FUZZ_H
#define JV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: run once before the first input (driver.c calls it too when a target defines it). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FZ_ASSERT(cond)                                                                            \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond);           \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

/* Reads every byte of a string (lets ASan check that it is a live, terminated string). */
static inline size_t fz_touch_str(const char *s) {
  size_t n = 0;
  if (s)
    while (s[n]) n++;
  return n;
}

#endif
