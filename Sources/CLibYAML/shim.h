#ifndef KILN_CLIBYAML_SHIM_H
#define KILN_CLIBYAML_SHIM_H

// libyaml's event parser (Debian: libyaml-dev, pkg-config: yaml-0.1), imported by `Manifest` alone.
#include <yaml.h>

#endif
