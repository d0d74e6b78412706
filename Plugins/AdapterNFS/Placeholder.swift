// Placeholder until the NFS adapter lands.
