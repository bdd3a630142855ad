package io.github.lenet5j.cli.serve;

/** The query string of {@code /predict} and {@code /activations}: only {@code top=K}. */
final class Query {
    /** Classes returned when the request does not say: the three best, as {@code lenet5j predict}. */
    static final int DEFAULT_TOP = 3;

    private Query() {
    }

    /** {@code K} of {@code ?top=K}, 1 to {@code classes}; the default without one; 400 for anything else. */
    static int top(String rawQuery, int classes) throws HttpError {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Math.min(DEFAULT_TOP, classes);
        }
        if (!rawQuery.matches("top=\\d{1,9}")) {
            throw HttpError.badRequest("the only query parameter is top=K with K from 1 to " + classes);
        }
        int top = Integer.parseInt(rawQuery.substring(4));
        if (top < 1 || top > classes) {
            throw HttpError.badRequest("top must be from 1 to " + classes + ", not " + top);
        }
        return top;
    }
}
