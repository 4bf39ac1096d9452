// Checks that the database named in the configuration exists and answers a read.
RETURN 1 AS ok
