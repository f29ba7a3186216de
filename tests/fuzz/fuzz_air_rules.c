/* libFuzzer harness: alert rule sets and limit files are JSON written by users; any
 * bytes must parse or be rejected with JE_EDATA/JE_ENOMEM, never crash, and a rule set
 * that parses must run on a fixed AQI series without failing.
 * Build and run: tests/fuzz/run.sh [seconds] */
#include "jointenv/air.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const double aqi[] = {150, 210, 320, 180, 260, 510, 90, 201, 305, 240};
    je_error e;
    je_alert_rules *r = NULL;
    je_status st = je_alert_rules_parse((const char *)data, size, "fuzz", &r, &e);
    if (st == JE_OK) {
        je_alert_episode *ep = NULL;
        size_t n = 0;
        if (je_alert_episodes(r, aqi, sizeof aqi / sizeof aqi[0], 0, 86400, &ep, &n, &e) !=
                JE_OK &&
            e.status != JE_ENOMEM)
            abort();
        free(ep);
        je_alert_rules_free(r);
    } else if (st != JE_EDATA && st != JE_ENOMEM) {
        abort();
    }
    je_aq_limits lim;
    char title[64];
    st = je_aq_limits_parse((const char *)data, size, "fuzz", &lim, title, sizeof title, &e);
    if (st != JE_OK && st != JE_EDATA && st != JE_ENOMEM)
        abort();
    return 0;
}
