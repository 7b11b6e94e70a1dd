/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ear_int.h -- the appraisal an EAR reports, between ear.c (which
 * computes it) and ear_out.c (which writes it).
 */
#ifndef MICA_VERIFY_EAR_INT_H
#define MICA_VERIFY_EAR_INT_H

#include "ear.h"

/* The AR4SI trustworthiness claims, in the JSON's (bytewise) order. */
enum {
	EAR_CONFIGURATION, EAR_EXECUTABLES, EAR_FILE_SYSTEM, EAR_HARDWARE,
	EAR_INSTANCE, EAR_RUNTIME_OPAQUE, EAR_SOURCED, EAR_STORAGE_OPAQUE,
	EAR_NCLAIMS
};

#define EAR_MEMBERS_MAX 64

typedef struct ear_vector {
	int c[EAR_NCLAIMS];     /* 0: no claim */
} ear_vector;

typedef struct ear_member {
	int realm;              /* index in the reference, or -1 */
	ear_vector v;
} ear_member;

typedef struct ear_appraisal {
	ear_vector platform, realm;
	size_t nmembers;
	ear_member member[EAR_MEMBERS_MAX];
	uint64_t matched;            /* reference realms the members took */
	mica_bytes group_workflow;   /* {NULL, 0} without a group claim */
	/* The realm token's audit record (man/mica-rmm.7, AUDIT), copied
	 * into CCA_REALM as "mica.audit" when the token carries it. */
	int audit;
	uint64_t audit_count;
	size_t audit_len;
	uint8_t audit_chain[MICA_REF_DIGEST_MAX];
} ear_appraisal;

void ear_appraise(const mica_ear_input *in, ear_appraisal *a);
/* 0 none, 2 affirming, 32 warning, 96 contraindicated. */
int ear_tier(int claim);
/* The worst tier of v. */
int ear_status(const ear_vector *v);

#endif
