/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * textout.h -- the small text encoders every report and JSON output uses.
 */
#ifndef MICA_TEXTOUT_H
#define MICA_TEXTOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* n bytes as lowercase hex, no separators. */
void mica_put_hex(FILE *out, const uint8_t *p, size_t n);
/* n bytes of s as a JSON string, quotes included. Control characters are
 * escaped; other bytes pass through (callers hand over valid UTF-8). */
void mica_put_json_string(FILE *out, const char *s, size_t n);

/* The same for text that may hold invalid UTF-8 (a source line): each
 * byte that does not start a valid sequence becomes U+FFFD. */
void mica_put_json_text(FILE *out, const char *s, size_t n);
/* Length of the valid UTF-8 sequence at s (at most n bytes, n > 0), or
 * 0 when s does not start one (overlong forms and surrogates are
 * invalid). */
size_t mica_utf8_len(const unsigned char *s, size_t n);

#endif
