/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * string.h for scripts/prove.sh only: the three mem* functions that
 * src/wire/blob_read.c calls, declared with the ACSL contracts the proof
 * assumes of them (the C library's own code is not proved). They are the
 * C standard's meaning, over bytes: nothing read or written outside the
 * n bytes named, memcpy copies, memcmp's sign is that of the first
 * differing byte, memset leaves every byte equal to c.
 */
#ifndef MICA_PROOF_STRING_H
#define MICA_PROOF_STRING_H

#include <stddef.h>

/*@ requires \valid((unsigned char *)d + (0 .. n - 1));
    requires \valid_read((const unsigned char *)s + (0 .. n - 1));
    requires \separated((unsigned char *)d + (0 .. n - 1),
                        (const unsigned char *)s + (0 .. n - 1));
    assigns ((unsigned char *)d)[0 .. n - 1]
            \from ((const unsigned char *)s)[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==>
            ((unsigned char *)d)[i] == \old(((const unsigned char *)s)[i]);
    ensures \result == d;
*/
void *memcpy(void *restrict d, const void *restrict s, size_t n);

/*@ requires \valid_read((const unsigned char *)a + (0 .. n - 1));
    requires \valid_read((const unsigned char *)b + (0 .. n - 1));
    assigns \result \from ((const unsigned char *)a)[0 .. n - 1],
                          ((const unsigned char *)b)[0 .. n - 1];
    ensures \result == 0 <==> \forall integer i; 0 <= i < n ==>
            ((const unsigned char *)a)[i] == ((const unsigned char *)b)[i];
*/
int memcmp(const void *a, const void *b, size_t n);

/*@ requires \valid((unsigned char *)s + (0 .. n - 1));
    assigns ((unsigned char *)s)[0 .. n - 1] \from c;
    ensures \forall integer i; 0 <= i < n ==>
            ((unsigned char *)s)[i] == (unsigned char)c;
    ensures \result == s;
*/
void *memset(void *s, int c, size_t n);

#endif
