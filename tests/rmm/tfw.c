/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * tfw.c -- the firmware hooks of the RMM tests that scripts/rmm-aarch64.sh
 * links against the firmware closure (the module, the wire library,
 * mbedTLS built with include/mica/rmm_mbedtls_config.h and libcbor's
 * encoders): what that configuration asks of a firmware before the first
 * RMI call, done here before main().
 *
 *  - mbedTLS's heap: a static buffer of MICA_RMM_MBEDTLS_HEAP_SIZE bytes
 *    handed to the buffer allocator. The configuration has no libc
 *    allocator to fall back on: without this every mbedTLS allocation
 *    fails and no token is signed.
 *  - the allocator's fatal-error exit (MBEDTLS_PLATFORM_EXIT_ALT) points
 *    at a panic; left alone it is a no-op and the allocator would go on
 *    after detecting corruption.
 *  - entropy: nothing here. The configuration has no entropy module; the
 *    module seeds its DRBG through the platform's entropy hook (tplat.c).
 *
 * After main() (Check runs every test in this one process: CK_FORK=no),
 * one line reports the allocator's peak (MBEDTLS_MEMORY_DEBUG, which this
 * file and the script's test copy of memory_buffer_alloc.c are built
 * with): the most bytes handed out at once and the most blocks. The
 * program fails if the allocator was never used (the module's mbedTLS
 * calls went elsewhere), if memory is still held at exit, or if the peak
 * with a header per block (HDR) leaves less than a quarter of the buffer
 * free. The two maxima may fall at different times, so their sum bounds
 * the peak from above.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <mbedtls/memory_buffer_alloc.h>
#include <mbedtls/platform.h>

#ifndef MBEDTLS_MEMORY_DEBUG
#error "tfw.c reports the allocator's peak: build it with MBEDTLS_MEMORY_DEBUG"
#endif

/* The allocator's block header (memory_buffer_alloc.c, without
 * MBEDTLS_MEMORY_BACKTRACE): two magics, size, alloc and four links. */
#define HDR (8u * sizeof(size_t))

static _Alignas(16) unsigned char heap[MICA_RMM_MBEDTLS_HEAP_SIZE];

static void panic(int status)
{
	fprintf(stderr, "tfw: mbedTLS fatal error (status %d)\n", status);
	abort();
}

__attribute__((constructor)) static void tfw_init(void)
{
	mbedtls_memory_buffer_alloc_init(heap, sizeof heap);
	mbedtls_platform_set_exit(panic);
}

__attribute__((destructor)) static void tfw_report(void)
{
	size_t max_used, max_blocks, cur_used, cur_blocks, peak;

	mbedtls_memory_buffer_alloc_max_get(&max_used, &max_blocks);
	mbedtls_memory_buffer_alloc_cur_get(&cur_used, &cur_blocks);
	peak = max_used + max_blocks * HDR;
	printf("mbedTLS heap: peak %zu bytes in %zu blocks, %zu with headers, "
	       "of %zu (%zu%% free)\n", max_used, max_blocks, peak,
	       sizeof heap, peak > sizeof heap ? 0 :
	       100 * (sizeof heap - peak) / sizeof heap);
	fflush(NULL);
	if (max_blocks == 0) {
		fprintf(stderr, "tfw: the buffer allocator was never used\n");
		_exit(1);
	}
	if (cur_blocks != 0) {
		fprintf(stderr, "tfw: %zu blocks (%zu bytes) still allocated\n",
			cur_blocks, cur_used);
		_exit(1);
	}
	if (peak > sizeof heap / 4 * 3) {
		fprintf(stderr, "tfw: less than a quarter of the buffer left\n");
		_exit(1);
	}
}
