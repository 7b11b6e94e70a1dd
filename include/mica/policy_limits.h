/*
 * policy_limits.h -- how much one policy blob may hold.
 *
 * The reference RMM decodes a bound blob into fixed tables of these
 * sizes and refuses a larger one with RMI_ERROR_INPUT; micac refuses to
 * compile a policy whose blobs would exceed them, so that what compiles
 * also binds. Freestanding: the RMM module includes it too.
 */
#ifndef MICA_POLICY_LIMITS_H
#define MICA_POLICY_LIMITS_H

#define MICA_POL_MAX_PEERS 16u         /* realms one realm shares with */
#define MICA_POL_MAX_REGIONS 16u       /* regions one realm maps */
#define MICA_POL_MAX_PARTS 8u          /* participants per region, with
                                          `any` and `host` */
#define MICA_POL_MAX_HOSTCALLS 32u     /* host-call ranges */
#define MICA_POL_BLOB_MAX 4096u        /* bytes in a blob */

#endif
