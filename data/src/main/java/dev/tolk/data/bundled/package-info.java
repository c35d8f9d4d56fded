/** Real corpora shipped inside the jar (with their licences), for the quickstart and examples. */
package dev.tolk.data.bundled;
