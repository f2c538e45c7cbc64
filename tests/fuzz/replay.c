/* Runs a fuzz target over files, without libFuzzer: how `meson test`
 * replays the regression corpus and the seeds in every build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int count = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, n;
        uint8_t *buf = malloc(cap);
        while ((n = fread(buf + len, 1, cap - len, f)) > 0)
            if ((len += n) == cap)
                buf = realloc(buf, cap *= 2);
        fclose(f);
        /* an exact copy, so that reading past its end is caught under ASan */
        uint8_t *exact = malloc(len ? len : 1);
        memcpy(exact, buf, len);
        free(buf);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        count++;
    }
    printf("%d passed, 0 failed\n", count);
    return 0;
}
