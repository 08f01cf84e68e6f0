/*
 * A slow disk for one process, loaded with LD_PRELOAD: while the file named
 * by SLOW_SYNC_FLAG exists, every fsync or fdatasync of a SQLite write-ahead
 * log (a path ending in "-wal") sleeps SLOW_SYNC_MS before syncing. Each such
 * sync appends "start <ms>" and "end <ms>" (wall clock, milliseconds) to the
 * file SLOW_SYNC_LOG, so a test can order what it saw against the syncs.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int is_wal(int fd) {
  char link[64];
  char path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t length = readlink(link, path, sizeof path - 1);
  if (length < 4) return 0;
  path[length] = '\0';
  return strcmp(path + length - 4, "-wal") == 0;
}

static void note(const char *event) {
  const char *log = getenv("SLOW_SYNC_LOG");
  if (log == NULL) return;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  char line[64];
  int length = snprintf(line, sizeof line, "%s %lld\n", event, (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
  int out = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
  if (out < 0) return;
  (void)!write(out, line, (size_t)length);
  close(out);
}

static int slowed(int fd, int (*sync)(int)) {
  const char *flag = getenv("SLOW_SYNC_FLAG");
  if (flag == NULL || access(flag, F_OK) != 0 || !is_wal(fd)) return sync(fd);
  note("start");
  const char *ms = getenv("SLOW_SYNC_MS");
  usleep((useconds_t)(ms == NULL ? 0 : atoi(ms)) * 1000);
  int result = sync(fd);
  note("end");
  return result;
}

int fsync(int fd) {
  static int (*real)(int);
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  return slowed(fd, real);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  return slowed(fd, real);
}
