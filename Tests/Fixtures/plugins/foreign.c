/* A shared library that is not a DittoFS plugin: no dfs_plugin_entry. */
__attribute__((visibility("default"))) int foreign_function(void) { return 42; }
