/* libFuzzer harness: the CSV reader must never crash, hang or read out of bounds on
 * any input, and every error must carry a line and column inside the input.
 * Build and run: tests/fuzz/run.sh [seconds] */
#include "jointenv/core.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    je_csv *r;
    je_error e;
    if (je_csv_open_mem((const char *)data, size, "fuzz", &r, &e) != JE_OK)
        return 0;
    if (je_csv_read_header(r, &e) == JE_OK) {
        int has;
        for (int guard = 0; guard < 1000000; guard++) {
            je_status st = je_csv_next(r, &has, &e);
            if (st == JE_OK && !has)
                break;
            if (st != JE_OK && st != JE_EDATA)
                break;
            if (st == JE_EDATA && (e.line < 1 || e.column < 1))
                abort(); /* every data error must point somewhere */
            for (size_t i = 0; i < je_csv_nfields(r); i++) {
                long line, col;
                je_csv_field_pos(r, i, &line, &col);
                volatile size_t n = je_csv_field_len(r, i);
                volatile const char *f = je_csv_field(r, i);
                (void)n;
                (void)f;
            }
        }
    }
    je_csv_close(r);
    return 0;
}
