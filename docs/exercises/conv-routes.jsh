// Exercise 5 (docs/exercises.md): which inputs feed one output of a convolution, and where a gradient goes back.
// Run from the repository's root: jshell --class-path cli/target/lenet5j-cli.jar docs/exercises/conv-routes.jsh
import io.github.lenet5j.nn.*;
import io.github.lenet5j.tensor.*;

void show(String title, Tensor t) {
    System.out.println(title);
    for (int r = 0; r < t.dim(2); r++) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < t.dim(3); c++) line.append(String.format("%3.0f", t.get(0, 0, r, c)));
        System.out.println(line);
    }
}

var conv = new Conv2d("conv", 1, 1, 3);                             // 1 channel in and out, a 3x3 kernel, no bias
for (int i = 0; i < 9; i++) conv.weight().value().data()[i] = i + 1; // w[p,q] = 1 + 3p + q: the value names the entry
conv.forward(new Tensor(1, 1, 6, 6));                                // a 6x6 input gives a 4x4 output
var g = new Tensor(1, 1, 4, 4);
g.set(1f, 0, 0, 1, 2);                                               // dL/dy = 1 at output (1,2), 0 elsewhere
show("dL/dx for dL/dy = 1 at output (1,2):", conv.backward(g));

var x = new Tensor(1, 1, 6, 6);
x.set(1f, 0, 0, 3, 3);                                               // x = 1 at input (3,3), 0 elsewhere
show("y for x = 1 at input (3,3):", conv.forward(x));
/exit
