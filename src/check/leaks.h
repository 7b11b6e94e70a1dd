/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * leaks.h -- the confidentiality errors of the checker (leaks.c).
 */
#ifndef MICA_CHECK_LEAKS_H
#define MICA_CHECK_LEAKS_H

#include "mica/diag.h"
#include "mica/flow.h"

/* Reports every distrustful realm that leaks, with its path, a hint, its
 * hops (for the machine-readable formats) and, once, the root cause that
 * several leaks share (micac(1), DIAGNOSTICS). */
void mica_report_leaks(const mica_flow *f, mica_diag *d);

#endif
