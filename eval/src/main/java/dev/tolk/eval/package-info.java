/** Tolk eval: see the module's README section. */
package dev.tolk.eval;
