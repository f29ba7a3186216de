/* The imports the CLI offers (`jointenv import NAME`) and the ones the HTTP API takes
 * (POST /api/v1/imports/NAME, from je_import_kinds) are the same list: an import added
 * to one front end and forgotten in the other fails here. */
#include "jointenv/store.h"
#include "support/support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(void)
{
    t_cleanup();
}

TestSuite(import_kinds, .fini = cleanup);

Test(import_kinds, cli_and_registry_list_the_same_imports)
{
    char *out = NULL, *err = NULL;
    const char *args[] = {"--help", NULL};
    cr_assert_eq(t_run(&out, &err, args), 0, "%s", err);
    size_t n, cli = 0;
    const je_import_kind *k = je_import_kinds(&n);
    /* every "  import NAME   summary" line of the help names a registered import */
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        char name[64];
        if (sscanf(line, " import %63s", name) != 1 || strcmp(name, "list") == 0)
            continue;
        cli++;
        cr_expect_not_null(je_import_kind_find(name), "'import %s' is not in je_import_kinds",
                           name);
    }
    cr_expect_eq(cli, n, "the CLI offers %zu imports, the registry %zu", cli, n);
    for (size_t i = 0; i < n; i++) {
        cr_expect_not_null(k[i].fn);
        cr_expect_eq(je_import_kind_find(k[i].name), &k[i], "%s twice", k[i].name);
    }
    free(out);
    free(err);
}
