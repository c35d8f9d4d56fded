/** Tolk data: see the module's README section. */
package dev.tolk.data;
