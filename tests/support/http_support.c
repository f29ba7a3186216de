/* HTTP helpers of the API tests (http_support.h). */
#include "support/http_support.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    t_resp *r = ud;
    char *b = realloc(r->body, r->len + sz * n + 1);
    cr_assert_not_null(b);
    memcpy(b + r->len, p, sz * n);
    r->len += sz * n;
    b[r->len] = '\0';
    r->body = b;
    return sz * n;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
    t_resp *r = ud;
    strncat(r->headers, p, sizeof r->headers - strlen(r->headers) - 1);
    return sz * n;
}

t_resp t_http(const char *url, const char *method, const char *header, const char *body,
              size_t body_len, int gzip)
{
    t_resp r = {0};
    CURL *c = curl_easy_init();
    struct curl_slist *h = header ? curl_slist_append(NULL, header) : NULL;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (h)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (method)
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
    }
    if (gzip)
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
    CURLcode rc = curl_easy_perform(c);
    cr_assert_eq(rc, CURLE_OK, "%s %s: %s", method ? method : "GET", url, curl_easy_strerror(rc));
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return r;
}

json_t *t_http_json(const char *url, long want_status)
{
    t_resp r = t_http(url, NULL, NULL, NULL, 0, 0);
    cr_assert_eq(r.status, want_status, "GET %s: %ld, expected %ld: %s", url, r.status, want_status,
                 r.body ? r.body : "");
    json_error_t je;
    json_t *j = json_loads(r.body ? r.body : "", 0, &je);
    cr_assert_not_null(j, "GET %s: not JSON (%s): %s", url, je.text, r.body ? r.body : "");
    free(r.body);
    return j;
}

void t_http_error(const char *url, long status, const char *code, const char *msg_part)
{
    json_t *j = t_http_json(url, status);
    const char *c = json_string_value(json_object_get(json_object_get(j, "error"), "code"));
    const char *m = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
    cr_assert(c && strcmp(c, code) == 0, "GET %s: error code %s, expected %s", url, c, code);
    cr_assert(m && strstr(m, msg_part), "GET %s: message '%s' lacks '%s'", url, m, msg_part);
    json_decref(j);
}
