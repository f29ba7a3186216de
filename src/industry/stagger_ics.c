/*
 * stagger_ics.c — a line's stop periods as an iCalendar file (RFC 5545) a plant
 * manager imports into any calendar: one all-day VEVENT per period.
 */
#include "jointenv/stagger_run.h"

#include <string.h>

/* A content line (RFC 5545 §3.1): folded so that no line is longer than 75 octets,
   continuation lines starting with a space, never splitting a UTF-8 sequence; CRLF. */
static void put_line(FILE *fp, const char *line)
{
    size_t len = strlen(line), at = 0, room = 75;
    while (len - at > room) {
        size_t cut = at + room;
        while (cut > at && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--; /* back to the start of a UTF-8 sequence */
        fwrite(line + at, 1, cut - at, fp);
        fputs("\r\n ", fp);
        at = cut;
        room = 74; /* the leading space counts */
    }
    fputs(line + at, fp);
    fputs("\r\n", fp);
}

/* TEXT (§3.3.11): backslash, semicolon, comma escaped; newlines as \n. */
static void text_value(char *out, size_t size, const char *prefix, const char *s)
{
    size_t o = (size_t)snprintf(out, size, "%s", prefix);
    for (const char *p = s ? s : ""; *p && o + 3 < size; p++) {
        if (*p == '\\' || *p == ';' || *p == ',')
            out[o++] = '\\';
        if (*p == '\n') {
            out[o++] = '\\';
            out[o++] = 'n';
            continue;
        }
        out[o++] = *p;
    }
    out[o < size ? o : size - 1] = '\0';
}

void je_stagger_ics(FILE *fp, const char *code, const char *name, const int64_t *start,
                    const int64_t *end, size_t n)
{
    put_line(fp, "BEGIN:VCALENDAR");
    put_line(fp, "VERSION:2.0");
    put_line(fp, "PRODID:-//jointenv//stagger//EN");
    put_line(fp, "CALSCALE:GREGORIAN");
    put_line(fp, "METHOD:PUBLISH");
    char line[1024], summary[512];
    snprintf(summary, sizeof summary, "错峰停产 Staggered stop: %s", code);
    for (size_t k = 0; k < n; k++) {
        int y0, m0, d0, y1, m1, d1;
        je_civil_from_days(start[k], &y0, &m0, &d0);
        je_civil_from_days(end[k] + 1, &y1, &m1, &d1); /* DTEND is exclusive */
        put_line(fp, "BEGIN:VEVENT");
        snprintf(line, sizeof line, "UID:%s-%04d%02d%02d@jointenv", code, y0, m0, d0);
        put_line(fp, line);
        snprintf(line, sizeof line, "DTSTAMP:%04d%02d%02dT000000Z", y0, m0, d0);
        put_line(fp, line);
        snprintf(line, sizeof line, "DTSTART;VALUE=DATE:%04d%02d%02d", y0, m0, d0);
        put_line(fp, line);
        snprintf(line, sizeof line, "DTEND;VALUE=DATE:%04d%02d%02d", y1, m1, d1);
        put_line(fp, line);
        text_value(line, sizeof line, "SUMMARY:", summary);
        put_line(fp, line);
        text_value(line, sizeof line, "DESCRIPTION:", name);
        put_line(fp, line);
        put_line(fp, "TRANSP:TRANSPARENT");
        put_line(fp, "END:VEVENT");
    }
    put_line(fp, "END:VCALENDAR");
}
