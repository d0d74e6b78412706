// Temporary: replaced by the real case groups.
