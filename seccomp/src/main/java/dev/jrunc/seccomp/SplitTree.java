package dev.jrunc.seccomp;

/**
 * The comparison tree over a section's intervals that minimises the expected number of comparisons
 * (an optimal alphabetic tree: intervals at the leaves, each inner node one {@code jgt}). Dynamic
 * programming with Knuth's bound on the optimal split (the split of [i..j] lies between those of [i..j-1]
 * and [i+1..j]), O(n^2) for n intervals - a few ms for the largest tables.
 */
final class SplitTree {
    /** A subtree over intervals [first..last]; for an inner node, left is [first..split]. */
    record Node(int first, int last, int split, Node left, Node right) {
        boolean leaf() {
            return left == null;
        }
    }

    private SplitTree() {
    }

    static Node build(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("no intervals");
        }
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + weights[i];
        }
        double[][] cost = new double[n][n];
        int[][] root = new int[n][n];
        for (int i = 0; i < n; i++) {
            root[i][i] = i;
        }
        for (int len = 2; len <= n; len++) {
            for (int i = 0; i + len - 1 < n; i++) {
                int j = i + len - 1;
                int from = len == 2 ? i : root[i][j - 1];
                int to = len == 2 ? i : Math.min(root[i + 1][j], j - 1);
                if (from > to) {
                    // ties can break Knuth's monotonicity by a hair; fall back to the full range
                    from = i;
                    to = j - 1;
                }
                double best = Double.POSITIVE_INFINITY;
                int bestSplit = from;
                for (int m = from; m <= to; m++) {
                    double c = cost[i][m] + cost[m + 1][j];
                    if (c < best) {
                        best = c;
                        bestSplit = m;
                    }
                }
                cost[i][j] = best + prefix[j + 1] - prefix[i];
                root[i][j] = bestSplit;
            }
        }
        return node(root, 0, n - 1);
    }

    private static Node node(int[][] root, int i, int j) {
        if (i == j) {
            return new Node(i, j, -1, null, null);
        }
        int m = root[i][j];
        return new Node(i, j, m, node(root, i, m), node(root, m + 1, j));
    }
}
