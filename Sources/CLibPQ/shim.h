/* libpq (Debian libpq-dev) for the MetadataPostgres plugin. */
#ifndef DFS_CLIBPQ_SHIM_H
#define DFS_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
