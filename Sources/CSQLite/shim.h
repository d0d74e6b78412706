/* The system SQLite (Debian libsqlite3-dev) for the control-plane database. */
#ifndef DFS_CSQLITE_SHIM_H
#define DFS_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
