"""One file in, typed records out: containers, logical lines and the cable grammar."""
