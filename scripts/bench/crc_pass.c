/* The limit for HJ 212 decoding: one table-driven Annex A CRC pass over every frame's data segment of a
 * capture (one frame per line), with the length check and nothing else. Build: cc -O2 -o crc_pass crc_pass.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned short table[256];

int main(int argc, char **argv) {
    for (int i = 0; i < 256; i++) {
        unsigned short v = (unsigned short)i;
        for (int b = 0; b < 8; b++) v = (v & 1) ? (v >> 1) ^ 0xA001 : v >> 1;
        table[i] = v;
    }
    size_t total = 0;
    long frames = 0, good = 0;
    double seconds = 0;
    for (int f = 1; f < argc; f++) {
        FILE *in = fopen(argv[f], "rb");
        if (!in) { perror(argv[f]); return 1; }
        fseek(in, 0, SEEK_END);
        long size = ftell(in);
        fseek(in, 0, SEEK_SET);
        unsigned char *data = malloc(size);
        if (fread(data, 1, size, in) != (size_t)size) return 1;
        fclose(in);
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i + 6 <= size; i++) {
            if (data[i] != '#' || data[i + 1] != '#') continue;
            int len = (data[i+2]-'0')*1000 + (data[i+3]-'0')*100 + (data[i+4]-'0')*10 + (data[i+5]-'0');
            if (len < 0 || len > 1024 || i + 6 + len + 4 > size) continue;
            unsigned short reg = 0xFFFF;
            for (int k = 0; k < len; k++) reg = table[(reg >> 8) ^ data[i + 6 + k]];
            char hex[5];
            snprintf(hex, 5, "%04X", reg);
            frames++;
            if (strncasecmp(hex, (char *)data + i + 6 + len, 4) == 0) good++;
            i += 6 + len + 3;
        }
        clock_gettime(CLOCK_MONOTONIC, &b);
        seconds += (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
        total += size;
        free(data);
    }
    printf("bytes %zu frames %ld good %ld seconds %.4f MB/s %.1f frames/s %.0f\n", total, frames, good, seconds,
           total / seconds / 1e6, good / seconds);
    return 0;
}
