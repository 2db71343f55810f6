// first_load_data_dir: which data folder the server a driver talks to uses, so that govgraph imports only
// into the local server it manages (loaders/first_load), never into one that merely looks like it.
// Answers: one row per setting: `name`, `value` (the data folder is `server.directories.data`).
// Parameters: $names: the setting names wanted.
SHOW SETTINGS YIELD name, value WHERE name IN $names
RETURN name, value
