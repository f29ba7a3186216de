/* gen_out.h — what the benchmark-input generators share: a buffered file writer with
 * fixed-point number output, and the jurisdictions file. Linked into every bench_*
 * program (CMakeLists.txt). */
#ifndef JE_BENCH_GEN_OUT_H
#define JE_BENCH_GEN_OUT_H

#include <stddef.h>

typedef struct out {
    void *fp;
    char *buf;
    size_t len, cap;
    const char *path;
} out;

/* Print "<prog>: what path: errno text" and exit(1). */
void gen_die(const char *what, const char *path);
/* The program name in messages (default "bench"). */
void gen_set_prog(const char *prog);

void out_open(out *o, const char *path);
void out_flush(out *o);
void out_close(out *o);
/* Room for at least n more bytes at the end of the buffer. */
char *out_room(out *o, size_t n);
void out_mem(out *o, const char *s, size_t n);
void out_str(out *o, const char *s);
/* v ≥ 0 rounded half up to dec decimals (0 … 4). */
void out_fixed(out *o, double v, int dec);

/* DIR/jurisdictions.csv: Sichuan 510000 and Chongqing 500000, both +08:00. */
void gen_write_jurisdictions(const char *dir);

#endif
