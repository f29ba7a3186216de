/* je_stagger_ics: RFC 5545 text escaping (§3.3.11: \, ; ,), line folding at 75 octets
 * (§3.1) that never splits a UTF-8 sequence, DTEND exclusive, CRLF everywhere. */
#include "jointenv/stagger_run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(stagger_ics, escaped_folded_exclusive_end)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    int64_t s = je_days_from_civil(2023, 12, 30), e = je_days_from_civil(2023, 12, 31);
    /* a name with the three specials and 40 three-byte characters (120 octets) */
    char name[400] = "Line 1, kiln; A\\B ";
    for (int i = 0; i < 40; i++)
        strcat(name, "窑");
    je_stagger_ics(fp, "SC-01", name, &s, &e, 1);
    fclose(fp);
    cr_assert(strstr(buf, "DTSTART;VALUE=DATE:20231230\r\nDTEND;VALUE=DATE:20240101\r\n"), "%s",
              buf);
    cr_assert(strstr(buf, "DESCRIPTION:Line 1\\, kiln\\; A\\\\B "), "%s", buf);
    /* every physical line ≤ 75 octets, ends in CRLF, and starts on a UTF-8 boundary */
    size_t lines = 0;
    for (char *p = buf; *p;) {
        char *eol = strstr(p, "\r\n");
        cr_assert_not_null(eol, "a line without CRLF");
        cr_assert_leq((size_t)(eol - p), 75, "line of %zu octets", (size_t)(eol - p));
        cr_assert(((unsigned char)p[0] & 0xC0) != 0x80 ||
                      (p[0] == ' ' && ((unsigned char)p[1] & 0xC0) != 0x80),
                  "a line starts inside a UTF-8 sequence");
        lines++;
        p = eol + 2;
    }
    /* the description folded back (unfolding removes CRLF + space) is whole */
    char *unf = malloc(len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == ' ') {
            i += 2;
            continue;
        }
        unf[o++] = buf[i];
    }
    unf[o] = '\0';
    char want[500];
    snprintf(want, sizeof want, "DESCRIPTION:Line 1\\, kiln\\; A\\\\B %s\r\n", name + 18);
    cr_assert(strstr(unf, want), "%s", unf);
    cr_assert_gt(lines, 14);
    free(unf);
    free(buf);
}
