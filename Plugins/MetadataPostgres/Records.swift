import PluginABI
import PluginKit

// The record helpers live in PluginKit (MetadataRecords.swift), shared by
// every Swift metadata store; these names bind them to this plugin.

typealias InodeVal = StoredInode
typealias DirentVal = StoredDirent
typealias Layout = StructLayout

private let pluginName = "postgres"

func readInode(_ p: UnsafePointer<dfs_inode>?, base: dfs_inode) throws -> dfs_inode {
    try PluginKit.readInode(p, base: base, plugin: pluginName)
}

func checkName(_ p: UnsafePointer<UInt8>?, _ len: UInt32, _ what: String) throws -> [UInt8] {
    try PluginKit.checkName(p, len, what, plugin: pluginName)
}

func checkKey(_ p: UnsafePointer<UInt8>?, _ len: UInt32) throws -> [UInt8] {
    try PluginKit.checkKey(p, len, plugin: pluginName)
}
