/* The PluginABI target is headers only; SwiftPM needs one source file per C
 * target, so this one compiles the public header as a stand-alone C unit and
 * pins the layout facts plugin authors rely on. */
#include "dfs_abi.h"

_Static_assert(sizeof(dfs_timespec) == 16, "dfs_timespec layout");
_Static_assert(offsetof(dfs_inode, struct_size) == 0, "struct_size first");
_Static_assert(offsetof(dfs_plugin_descriptor, struct_size) == 0, "struct_size first");
_Static_assert(offsetof(dfs_meta_vtable, struct_size) == 0, "struct_size first");
_Static_assert(offsetof(dfs_payload_vtable, struct_size) == 0, "struct_size first");
_Static_assert(offsetof(dfs_adapter_vtable, struct_size) == 0, "struct_size first");
_Static_assert(sizeof(dfs_status) == 4, "dfs_status is int32");
