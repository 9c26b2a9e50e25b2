#include <sqlite3.h>

/// sqlite3_config is variadic, so Swift cannot call it: the one setting gridd makes, before the
/// first connection opens. Memory statistics off: with them on, every sqlite3_malloc and
/// sqlite3_free takes a process-wide mutex (nothing in gridd reads the statistics).
static inline int gridd_sqlite_configure(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
