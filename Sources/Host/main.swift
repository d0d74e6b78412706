import HostPlugins
import HostCore
print("dfs")
