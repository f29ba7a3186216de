/*
 * annual.c — annual assessment of a site by HJ 663-2013: annual means, percentiles
 * of daily values, completeness by GB 3095-2012 Table 4, compliance with Grade II of a
 * GB 3095 edition, AQI day counts and the composite index (综合指数).
 *
 * Statistics are compared with limits unrounded. HJ 663 reports concentrations
 * rounded (whole µg/m³, CO to 0.1 mg/m³, standards.md §2.3), so a mean of 35.4 that
 * would be reported as 35 fails here; this keeps the engine simple and errs towards
 * exceedance. A caller that wants the reported figure rounds before judging.
 */
#include "jointenv/air.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* GB 3095-2012 Table 4: an annual mean needs ≥ 324 daily values in the year and ≥ 27
 * in each month (≥ 25 in February). */
#define MIN_DAYS_YEAR 324
#define MIN_DAYS_MONTH 27
#define MIN_DAYS_FEB 25

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double je_aq_percentile(double *x, size_t n, double p)
{
    if (n == 0 || x == NULL || !(p >= 0.0 && p <= 100.0))
        return NAN;
    qsort(x, n, sizeof *x, cmp_double);
    /* HJ 663-2013 §5.3 with 1-based ranks: k = 1 + (n − 1)·p/100, s = ⌊k⌋. */
    double k = 1.0 + (double)(n - 1) * p / 100.0;
    size_t s = (size_t)floor(k);
    if (s >= n) /* p = 100 (or k rounded up to n): X(s+1) does not exist */
        return x[n - 1];
    return x[s - 1] + (x[s] - x[s - 1]) * (k - (double)s);
}

double je_aq_percentile_rank(je_aq_pol p)
{
    /* HJ 663-2013 §5.3 / Table 2: 24-hour statistics by percentile. */
    switch (p) {
    case JE_AQ_SO2:
    case JE_AQ_NO2:
        return 98.0;
    case JE_AQ_CO:
    case JE_AQ_PM10:
    case JE_AQ_PM25:
        return 95.0;
    case JE_AQ_O3:
        return 90.0;
    case JE_AQ_NPOL:
        break;
    }
    return NAN;
}

/* The daily value of pollutant p that HJ 663 assesses: the 24-hour mean, or for O3
 * the daily maximum 8-hour mean. */
static double daily_value(const je_aq_day *d, int p)
{
    return p == JE_AQ_O3 ? d->o3_mda8 : d->mean24[p];
}

/* The averaging time the percentile of p is judged against. */
static je_aq_avg pct_avg(int p)
{
    return p == JE_AQ_O3 ? JE_AQ_AVG_MDA8 : JE_AQ_AVG_24H;
}

static je_status check_days(const je_aq_day *days, size_t n_days, int year, je_error *err)
{
    for (size_t i = 0; i < n_days; i++) {
        int y, m, dd;
        je_civil_from_days(days[i].day, &y, &m, &dd);
        if (y != year)
            return je_error_set(err, JE_EINVAL,
                                "je_aq_annual_compute: day %zu (%04d-%02d-%02d) is not in %d", i, y,
                                m, dd, year);
        if (i > 0 && days[i].day <= days[i - 1].day)
            return je_error_set(err, JE_EINVAL,
                                "je_aq_annual_compute: days not in increasing order at %zu", i);
    }
    return JE_OK;
}

/* Valid days, mean, completeness and percentile of pollutant p; `buf` has n_days. */
static void pollutant_stats(const je_aq_day *days, size_t n_days, int p, double *buf,
                            je_aq_annual *out)
{
    int per_month[13] = {0};
    size_t n = 0;
    double sum = 0.0;
    for (size_t i = 0; i < n_days; i++) {
        double v = daily_value(&days[i], p);
        if (isnan(v))
            continue;
        int y, m, d;
        je_civil_from_days(days[i].day, &y, &m, &d);
        per_month[m]++;
        buf[n++] = v;
        sum += v;
    }
    out->valid_days[p] = (int)n;
    /* HJ 663 has no annual mean of O3: it is assessed by its 90th percentile. */
    out->mean[p] = n > 0 && p != JE_AQ_O3 ? sum / (double)n : NAN;
    int complete = n >= MIN_DAYS_YEAR;
    for (int m = 1; m <= 12; m++)
        complete = complete && per_month[m] >= (m == 2 ? MIN_DAYS_FEB : MIN_DAYS_MONTH);
    out->mean_complete[p] = complete;
    out->pct[p] = je_aq_percentile(buf, n, je_aq_percentile_rank((je_aq_pol)p));
}

/* Grade II compliance of p: 1, 0, or -1 when it cannot be judged. Interpretation: a
 * pollutant without a valid day, or whose data fall short of GB 3095 Table 4
 * (mean_complete 0), is not judged — a percentile of an incomplete year would not be
 * the year's. The annual mean is judged where the edition sets an annual limit (SO2,
 * NO2, PM10, PM2.5), always together with the percentile (HJ 663 §5). */
static int pollutant_meets(const je_aq_annual *a, const je_aq_limits *lim, int p)
{
    if (a->valid_days[p] == 0 || !a->mean_complete[p])
        return -1;
    double annual = lim->annual[p];
    double short_term = lim->short_term[p];
    if (!isnan(annual) && !(a->mean[p] <= annual))
        return 0;
    return a->pct[p] <= short_term ? 1 : 0;
}

/* 综合指数 Σ Ci/Si (HJ 663; standards.md §2.3): SO2, NO2, PM10, PM2.5 annual means over
 * the edition's annual Grade II limits; CO 95th percentile over its 24-hour limit; O3
 * 90th percentile of MDA8 over its 8-hour limit. NAN when any term is missing. */
static double composite_index(const je_aq_annual *a, const je_aq_limits *lim)
{
    double sum = 0.0;
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        double c, s;
        if (p == JE_AQ_CO || p == JE_AQ_O3) {
            c = a->pct[p];
            s = lim->short_term[p];
        } else {
            c = a->mean[p];
            s = lim->annual[p];
        }
        sum += c / s; /* NAN propagates */
    }
    return sum;
}

static void aqi_counts(const je_aq_day *days, size_t n_days, je_aq_annual *out)
{
    for (size_t i = 0; i < n_days; i++) {
        double aqi = days[i].aqi.aqi;
        if (isnan(aqi))
            continue;
        out->aqi_days++;
        out->good_days += aqi <= 100.0; /* 优 and 良, HJ 633 Table 2 */
        int level = je_aqi_level(aqi);
        if (level >= 1 && level <= 6)
            out->level_days[level]++;
    }
    out->good_ratio = out->aqi_days > 0 ? (double)out->good_days / out->aqi_days : NAN;
}

void je_gb3095_limits(je_gb3095_ed ed, int grade, je_aq_limits *out)
{
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        out->annual[p] = je_gb3095_limit(ed, (je_aq_pol)p, JE_AQ_AVG_ANNUAL, grade);
        out->short_term[p] = je_gb3095_limit(ed, (je_aq_pol)p, pct_avg(p), grade);
    }
}

je_status je_aq_annual_compute(const je_aq_day *days, size_t n_days, int year, je_gb3095_ed edition,
                               je_aq_annual *out, je_error *err)
{
    if (edition != JE_GB3095_2012 && edition != JE_GB3095_2026_T && edition != JE_GB3095_2026)
        return je_error_set(err, JE_EINVAL, "je_aq_annual_compute: bad edition %d", (int)edition);
    je_aq_limits lim;
    je_gb3095_limits(edition, 2, &lim);
    je_status st = je_aq_annual_compute_limits(days, n_days, year, &lim, out, err);
    if (st == JE_OK)
        out->edition = edition;
    return st;
}

je_status je_aq_annual_compute_limits(const je_aq_day *days, size_t n_days, int year,
                                      const je_aq_limits *lim, je_aq_annual *out, je_error *err)
{
    if (out == NULL || lim == NULL || (days == NULL && n_days > 0))
        return je_error_set(err, JE_EINVAL, "je_aq_annual_compute: NULL argument");
    if (n_days > 366)
        return je_error_set(err, JE_EINVAL, "je_aq_annual_compute: %zu days in one year", n_days);
    je_status st = check_days(days, n_days, year, err);
    if (st != JE_OK)
        return st;
    double *buf = n_days > 0 ? malloc(n_days * sizeof *buf) : NULL;
    if (n_days > 0 && buf == NULL)
        return je_error_set(err, JE_ENOMEM, "je_aq_annual_compute: out of memory");

    memset(out, 0, sizeof *out);
    out->year = year;
    out->edition = je_gb3095_for_day(je_days_from_civil(year, 12, 31));
    out->days = (int)n_days;
    out->meets_all = -1;
    for (int p = 0; p < JE_AQ_NPOL; p++) {
        pollutant_stats(days, n_days, p, buf, out);
        out->meets[p] = pollutant_meets(out, lim, p);
        if (out->meets[p] >= 0)
            out->meets_all = out->meets_all == 0 ? 0 : out->meets[p];
    }
    free(buf);
    aqi_counts(days, n_days, out);
    out->composite = composite_index(out, lim);
    return JE_OK;
}
