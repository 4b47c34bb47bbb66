/* The floor under any libyaml-based compose checker: read each file named on the command line
 * and run libyaml's event parser over it, nothing else (no tree, no checks). bench/run.sh times
 * it beside `cat` and clearance, so that the README can say how much of clearance's time on the
 * compose files is the parser the project depends on (libyaml, chosen in research/deps.md). */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

static int parse_file(const char* path, unsigned long* events) {
  FILE* f = fopen(path, "rb");
  if (!f) return 1;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* bytes = malloc(size > 0 ? (size_t)size : 1);
  size_t got = fread(bytes, 1, size > 0 ? (size_t)size : 0, f);
  fclose(f);
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, bytes, got);
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) break;
    ++*events;
    const int end = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (end) break;
  }
  yaml_parser_delete(&parser);
  free(bytes);
  return 0;
}

int main(int argc, char** argv) {
  unsigned long events = 0;
  for (int i = 1; i < argc; ++i) parse_file(argv[i], &events);
  printf("%lu events\n", events);
  return 0;
}
