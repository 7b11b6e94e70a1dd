/*
 * identity.c -- what the blob format needs beyond mica_check().
 *
 * Blobs name Realms by image measurement (MICA.md, "Identity without
 * cycles"), so two Realms of one policy with the same measurement could
 * not be told apart by the RMM: either could take the other's place in
 * every region. The language does not forbid it, so compile refuses it
 * here rather than emit blobs that cannot be enforced.
 */
#include <stdlib.h>
#include <string.h>

#include "mica/util.h"
#include "backend.h"

typedef struct ref {
	const mica_ir_realm *r;
	uint32_t index;          /* source order, to report deterministically */
	size_t n;                /* digest bytes */
} ref;

static int cmp_ref(const void *a, const void *b)
{
	const ref *x = a, *y = b;
	int c = memcmp(x->r->measurement.bytes, y->r->measurement.bytes, x->n);

	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

unsigned mica_backend_check(const mica_ir *ir, mica_diag *d)
{
	ref *v = mica_xcalloc(ir->nrealms ? ir->nrealms : 1, sizeof *v);
	unsigned errors = 0;
	uint32_t i, first = 0;

	for (i = 0; i < ir->nrealms; i++)
		v[i] = (ref){ &ir->realms[i], i, mica_hash_size(ir->hash) };
	qsort(v, ir->nrealms, sizeof *v, cmp_ref);
	for (i = 1; i < ir->nrealms; i++) {
		if (memcmp(v[i].r->measurement.bytes,
			   v[first].r->measurement.bytes, v[i].n) != 0) {
			first = i;
			continue;
		}
		mica_error(d, v[i].r->loc, "realm '%s' has the same image "
			   "measurement as realm '%s'; blobs name realms by "
			   "measurement, so the RMM could not tell them apart",
			   v[i].r->name, v[first].r->name);
		mica_note(d, v[first].r->loc, "'%s' declared here",
			  v[first].r->name);
		errors++;
	}
	free(v);
	return errors;
}
