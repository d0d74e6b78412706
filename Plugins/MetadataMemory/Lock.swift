import PluginKit

/// The shared pthread lock (PluginKit/PthreadLock.swift: why not Synchronization.Mutex).
typealias Lock = PthreadLock
