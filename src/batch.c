#include "batch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "manifest.h"
#include "output.h"

/* What a worker sends back for each file, followed by its messages. */
typedef struct result_header {
    uint32_t index;
    int32_t status;
    int32_t warnings;
    uint32_t message_length;
    uint32_t record_length; /* the manifest record after the messages, or 0 */
} result_header;

typedef struct worker {
    pid_t pid;
    int task_fd, result_fd; /* -1 when the worker is gone */
    long job;               /* the job it is on, or -1 */
} worker;

/* Set by SIGINT or SIGTERM in the parent: stop handing out work. */
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    interrupted = sig;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const void *data, size_t size)
{
    const char *p = data;
    while (size) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n, size -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *data, size_t size)
{
    char *p = data;
    while (size) {
        ssize_t n = read(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n, size -= (size_t)n;
    }
    return 0;
}

/* A file's messages and its manifest record, each captured whole. */
typedef struct captured {
    char *messages, *record;
    size_t message_length, record_length;
} captured;

static file_result render_captured(const run_context *ctx, const batch_job *job, bool recorded,
                                   captured *c)
{
    *c = (captured){NULL, NULL, 0, 0};
    FILE *messages = open_memstream(&c->messages, &c->message_length);
    FILE *record = recorded ? open_memstream(&c->record, &c->record_length) : NULL;
    file_result r =
        render_file_recorded(ctx, job->input, job->output, messages ? messages : stderr, record);
    if (messages)
        fclose(messages);
    if (record)
        fclose(record);
    return r;
}

static void worker_main(const run_context *ctx, const batch_job *jobs, bool recorded, int task_fd,
                        int result_fd)
{
    signal(SIGINT, output_on_signal);
    signal(SIGTERM, output_on_signal);
    uint32_t index;
    while (read_all(task_fd, &index, sizeof index) == 0) {
        captured c;
        file_result r = render_captured(ctx, &jobs[index], recorded, &c);
        result_header h = {index, (int32_t)r.status, r.warnings, (uint32_t)c.message_length,
                           (uint32_t)c.record_length};
        int failed = write_all(result_fd, &h, sizeof h) ||
                     write_all(result_fd, c.messages, c.message_length) ||
                     write_all(result_fd, c.record, c.record_length);
        free(c.messages);
        free(c.record);
        if (failed)
            break;
    }
    _exit(0);
}

static int spawn(const run_context *ctx, const batch_job *jobs, bool recorded, worker *w,
                 worker *all, int count)
{
    int tasks[2], results[2];
    if (pipe(tasks) != 0)
        return -1;
    if (pipe(results) != 0) {
        close(tasks[0]), close(tasks[1]);
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(tasks[0]), close(tasks[1]), close(results[0]), close(results[1]);
        return -1;
    }
    if (pid == 0) {
        for (int i = 0; i < count; i++) { /* the others' pipes are not this worker's */
            if (&all[i] != w && all[i].task_fd >= 0)
                close(all[i].task_fd);
            if (&all[i] != w && all[i].result_fd >= 0)
                close(all[i].result_fd);
        }
        close(tasks[1]), close(results[0]);
        worker_main(ctx, jobs, recorded, tasks[0], results[1]);
    }
    close(tasks[0]), close(results[1]);
    *w = (worker){pid, tasks[1], results[0], -1};
    return 0;
}

static void retire(worker *w)
{
    if (w->task_fd >= 0)
        close(w->task_fd);
    if (w->result_fd >= 0)
        close(w->result_fd);
    w->task_fd = w->result_fd = -1;
    if (w->pid > 0)
        waitpid(w->pid, NULL, 0);
    w->pid = 0;
}

typedef struct tally {
    batch_totals totals;
    char **records; /* each job's manifest record, or NULL when none is kept */
    size_t done, count;
    bool progress;
    double start;
} tally;

static void clear_progress(const tally *t)
{
    if (t->progress)
        fputs("\r\033[K", stderr);
}

static void show_progress(const tally *t)
{
    if (!t->progress)
        return;
    double elapsed = now() - t->start;
    double rate = elapsed > 0 ? (double)t->done / elapsed : 0;
    double left = rate > 0 ? (double)(t->count - t->done) / rate : 0;
    fputs("\r\033[K", stderr);
    fprintf(stderr, _("[%zu/%zu] %d failed, %.1f files/s, %.0f s left"), t->done, t->count,
            t->totals.failed, rate, left);
    fflush(stderr);
}

static void count_result(tally *t, file_status status, int warnings, const char *messages,
                         size_t length)
{
    clear_progress(t);
    if (length)
        fwrite(messages, 1, length, stderr);
    if (status == FILE_RENDERED)
        t->totals.rendered++;
    else
        t->totals.failed++;
    if (warnings)
        t->totals.warned++;
    if ((int)status > t->totals.status)
        t->totals.status = (int)status;
    t->done++;
    show_progress(t);
}

static void run_inline(const run_context *ctx, const batch_job *jobs, size_t count, tally *t)
{
    for (size_t i = 0; i < count && !interrupted; i++) {
        captured c;
        file_result r = render_captured(ctx, &jobs[i], t->records != NULL, &c);
        count_result(t, r.status, r.warnings, c.messages, c.message_length);
        free(c.messages);
        if (t->records)
            t->records[i] = c.record;
        else
            free(c.record);
    }
}

static void stop_workers(worker *workers, int n, const batch_job *jobs, tally *t);

static void hand_out(worker *w, size_t *next, size_t count)
{
    if (*next >= count || interrupted) {
        if (w->task_fd >= 0)
            close(w->task_fd);
        w->task_fd = -2; /* no more work: the worker ends on end of file */
        return;
    }
    uint32_t index = (uint32_t)*next;
    if (write_all(w->task_fd, &index, sizeof index) == 0)
        w->job = (long)(*next)++;
}

/* The manifest record of a file whose worker died: no output, the one error. */
static char *stopped_record(const batch_job *job, const char *reason)
{
    char *record = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&record, &size);
    if (out) {
        manifest_entry e = {job->input,     NULL, NULL, 0,     0,
                            "system error", NULL, NULL, false, reason};
        manifest_write_record(out, &e);
        fclose(out);
    }
    return record;
}

/* A result from w, or its death: either way the job it was on is counted. */
static void collect(worker *w, const batch_job *jobs, tally *t)
{
    result_header h;
    if (read_all(w->result_fd, &h, sizeof h) == 0 && h.index < t->count) {
        char *messages = malloc(h.message_length + 1);
        char *record = malloc(h.record_length + 1);
        if (read_all(w->result_fd, messages, h.message_length) == 0 &&
            read_all(w->result_fd, record, h.record_length) == 0) {
            count_result(t, (file_status)h.status, h.warnings, messages, h.message_length);
            free(messages);
            record[h.record_length] = 0;
            if (t->records && h.record_length)
                t->records[h.index] = record;
            else
                free(record);
            w->job = -1;
            return;
        }
        free(messages);
        free(record);
    }
    int status = 0;
    if (w->task_fd >= 0)
        close(w->task_fd);
    close(w->result_fd);
    waitpid(w->pid, &status, 0);
    if (w->job >= 0) {
        char reason[100], line[600];
        snprintf(reason, sizeof reason,
                 WIFSIGNALED(status) ? _("the renderer stopped (signal %d) on this file")
                                     : _("the renderer stopped (exit status %d) on this file"),
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        int n = snprintf(line, sizeof line, _("%s: error: %s\n"), jobs[w->job].input, reason);
        count_result(t, FILE_SYSTEM_ERROR, 0, line,
                     n < (int)sizeof line ? (size_t)n : strlen(line));
        if (t->records)
            t->records[w->job] = stopped_record(&jobs[w->job], reason);
    }
    *w = (worker){0, -1, -1, -1};
}

/* Waits for results and hands out work until every worker is done. Returns
 * the first job never handed out: all of them, unless the workers could not
 * be started or waited for. */
static size_t run_workers(const run_context *ctx, const batch_job *jobs, size_t count, int n,
                          tally *t)
{
    bool recorded = t->records != NULL;
    worker *workers = calloc((size_t)n, sizeof *workers);
    struct pollfd *fds = calloc((size_t)n, sizeof *fds);
    size_t next = 0;
    for (int i = 0; i < n; i++)
        workers[i] = (worker){0, -1, -1, -1};
    for (int i = 0; i < n; i++)
        if (spawn(ctx, jobs, recorded, &workers[i], workers, n) == 0)
            hand_out(&workers[i], &next, count);
    for (;;) {
        int live = 0;
        for (int i = 0; i < n; i++) {
            fds[i] = (struct pollfd){workers[i].result_fd, POLLIN, 0};
            live += workers[i].result_fd >= 0;
        }
        if (!live)
            break;
        if (poll(fds, (nfds_t)n, -1) < 0) {
            if (errno != EINTR) {
                clear_progress(t);
                fprintf(stderr,
                        _("jianbao: cannot wait for the workers (%s); the rest of the "
                          "files are rendered one at a time\n"),
                        strerror(errno));
                stop_workers(workers, n, jobs, t);
                break;
            }
            if (interrupted)
                for (int i = 0; i < n; i++)
                    if (workers[i].pid > 0)
                        kill(workers[i].pid, (int)interrupted);
            continue;
        }
        for (int i = 0; i < n; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
                continue;
            collect(&workers[i], jobs, t);
            if (workers[i].result_fd < 0 && next < count && !interrupted)
                spawn(ctx, jobs, recorded, &workers[i], workers,
                      n); /* replace a worker that died */
            if (workers[i].result_fd >= 0 && workers[i].job < 0)
                hand_out(&workers[i], &next, count);
        }
    }
    for (int i = 0; i < n; i++)
        retire(&workers[i]);
    free(workers);
    free(fds);
    return next;
}

/* Ends every worker; the files they were on count as failed. */
static void stop_workers(worker *workers, int n, const batch_job *jobs, tally *t)
{
    for (int i = 0; i < n; i++)
        if (workers[i].pid > 0) {
            kill(workers[i].pid, SIGTERM);
            collect(&workers[i], jobs, t);
        }
}

/* How many workers the open-file limit allows: each holds two pipes' ends
 * in this process, and a few descriptors stay free for the run itself. */
static int worker_bound(int wanted)
{
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return wanted;
    rlim_t spare = limit.rlim_cur > 16 ? (limit.rlim_cur - 16) / 2 : 0;
    return spare < (rlim_t)wanted ? (int)spare : wanted;
}

batch_totals run_batch(const run_context *ctx, const batch_job *jobs, size_t count, int workers,
                       bool progress, char **records)
{
    tally t = {{0, 0, 0, 0, 0}, records, 0, count, progress, now()};
    struct sigaction sa = {0}, old_int, old_term;
    sa.sa_handler = on_interrupt;
    int n = workers < (int)count ? worker_bound(workers) : worker_bound((int)count);
    if (n <= 1 || count <= 1) {
        /* One file at a time, here: a signal ends the run at once, through
         * the handler that removes the temporary file. */
        run_inline(ctx, jobs, count, &t);
        clear_progress(&t);
        t.totals.seconds = now() - t.start;
        return t.totals;
    }
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    size_t left = run_workers(ctx, jobs, count, n, &t);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (interrupted) {
        clear_progress(&t);
        output_abandon();
        signal((int)interrupted, SIG_DFL);
        raise((int)interrupted);
    }
    if (left < count) /* the workers could not take them all */
        run_inline(ctx, jobs + left, count - left, &t);
    clear_progress(&t);
    t.totals.seconds = now() - t.start;
    return t.totals;
}
