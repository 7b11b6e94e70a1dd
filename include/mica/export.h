/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * export.h -- MICA_API marks the functions of the installed libraries'
 * public interface (mica/mica.h, mica/token.h). The libraries are built
 * with -fvisibility=hidden, so these are the only symbols their shared
 * objects export; everything else in them is internal and may change
 * between any two releases.
 */
#ifndef MICA_EXPORT_H
#define MICA_EXPORT_H

#if defined(__GNUC__) && __GNUC__ >= 4
#define MICA_API __attribute__((visibility("default")))
#else
#define MICA_API
#endif

#endif
