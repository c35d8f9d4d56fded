package dev.tolk.data;

import java.util.List;

/**
 * A corpus split three ways.
 *
 * @param train the training part (unmodifiable)
 * @param valid the validation part (unmodifiable)
 * @param test the test part (unmodifiable)
 * @param <T> the item type
 */
public record Split<T>(List<T> train, List<T> valid, List<T> test) {

    /** Copies the lists. */
    public Split {
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
    }
}
