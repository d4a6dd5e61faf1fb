"""What a cable is: typed records, code tables, posts, levels' data. No Qt, no parsing."""
