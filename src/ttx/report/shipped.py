"""The SHA-256 of every version of each built-in template ttx has shipped.

A workspace copy of one of them (`ttx init` copies the built-ins) that nobody
edited is not a customization: the current built-in renders in its place, so a
workspace follows ttx's report as it improves. When a built-in template
changes, add the new version's hash here (tests/report/test_templates.py fails
until it is): `sha256sum templates/*.j2`.
"""

SHIPPED: dict[str, frozenset[str]] = {
    "chart.svg.j2": frozenset({
        "9624c8fdf26f02ad12475c0cdcd2045cd2654d24d6a6f74a3c117c50e66bc8e0",
        "ebea52792d6ef5c697c0d370c23c9578adf88d54237e8d3ede93b122abf68a74",
    }),
    "document.css.j2": frozenset({
        "155900ab376d0619d2ccfc42866cb558ffe5caeb06c8fe79af5b71ac398988e8",
        "dacbaafcc3aab21db1135c3ac0fc18074fe7bf8b6257b998a157fc29204c2845",
    }),
    "feedback.html.j2": frozenset({
        "dbf5101ceca010db5274699f37a52d96dcbc2ed26edb5c6a938dd289e9315a01",
        "5b13b13bbca836884a4f1cccd4fa39a86f29b0b063d6008abe7002b001b49f3c",
        "10a7a1a95308ba496f53ba3d94236d66f4e2ec488190c7e394eb2798a45a41aa",
        "538428443c83164539dbf7fa13d2cb654a0fd0d518b049404272dc4af238640f",
    }),
    "feedback.md.j2": frozenset({
        "80014ccbf28cb54424e1ab27c469dae1df80eef45fc34a1a64a5504f03fbba48",
        "491007be5aa307d4a1967359892aa1091d1002687cafdef182176eedfa9afe09",
        "6f58940198553141c6da45e9b25ead51b74d003d1617601ed6ff3de3560fbe7a",
        "c9e48dc9ae358d522cc82c205d6cb92d92a5f58805b35f4bac7c9102775c0d30",
    }),
    "pack.html.j2": frozenset({
        "479d2dd758ea8edcb99d5378e6f157e635f847069507dd73944514c1e3a2df99",
        "67e402d227e54ca22019fdcb3d445dfd371e4c6862cdfdd911cbb71c59a9ea2b",
        "93eaadc3a5bc1a4906746b0cac84e40c7d8373e4db7676c8bfef31ffa0d1d783",
        "c655f7edd6f3da299a5db119269628338f47f96af26ec0a8d9dc5f94399a5c75",
    }),
    "pack.md.j2": frozenset({
        "6719e67295cb302ea13035de4ea53104ba06061a7244f769702b3690c94d3fa9",
        "171d73e67eff870d623ee710421a771e60e950071cc15db1a2c0473fa2f8acf7",
        "edd9cdea1cbd8ad42d8d9ac20ec8ef7c178947be43f317f3fa7377f80c24d337",
    }),
    "report.html.j2": frozenset({
        "72e89a29d30ae9515e3775049447cb796fd09ef23c000aa81f729809eb9aad33",
        "bafba3f56509b29eeb5b47cf6c41fce3839538d72fce4f480b5c0fd2dae82ffd",
        "515ce307bc5a19a67ff10588517fb417badcfbeee9b6d2d200d5707ac9110a50",
        "d86ff3e3878ddadcbea88dbea7d22d281d9f3b9be3dad6df3f4367b06f8d8ae2",
        "937041078efc3ca65b3e8b99f0812ad25e76ed6ee29e7780698e57e479ed7a32",
        "267cfbd2fad8cb7423bb1e94badb7037ba74961d35b86df875daa26b6a5623b5",
        "67e41186573c208fa76bc4d26a9ccace9f58f5a352b635274f8aa792b5ddcae5",
        "26e40b3099385ee5de0e13aedf48c6b1f03a8708d0586bf4d28580e8dcc08be6",
        "1d883dcbdc759540fef6e0eebc4466342d78f4819d323c3beb9a6188bbd7f0b7",
        "c31a9d7f5c6c0ce87c929822e574cf009a885712a2fa978643d1e59db581f637",
        "5f4e5ecdfb2e1539344f33a7e0e41bb72ffce6a2ba5dff6ba2be848281769f81",
        "d1c4e66a680a7729572e39bdeed03c4927c3381c1dae6dcef87535c84d10a65a",
        "2b6b0c99652ed32b3364ba867e1871bc3e4ef7d60251388b3e40d65e493ec711",
    }),
    "report.md.j2": frozenset({
        "5fbbf8376602b792efcdccb8773f65ad6fc3ffc6cbdf71cd9108093abb33a3cf",
        "1b76727d95893511154278d7547246ec2d20c9547bfea666c8e388e459eb7050",
        "e0129d6a8a52dfc889ea41e74af680f9e5352bb8564523d9ea1bafb5d06fb1d8",
        "fd34c3215018836bbaf620e03497d01d73f09a51cd1bdc65db8d1a233448a835",
        "a50bb6c6e1e79c871db18ab11f722cc40320800739e5eaaa48095349f76bcc45",
        "9fc0129fd8f839224925119e3b173aae8b695dd7cbe5e2614dfb09c304ae2eaf",
        "2975d91ab8d63ba75753544fcada402fd42d6253e5a2f6ba56c2bf61a6c0086e",
        "ef86c23b88d32fb6e2f20ac2f576b9b7fd6f348b6daf6ada4cc126a46e5264d8",
        "764ebed3595c795781f3221a0fa899dcb16cfb75c889809ab3d12aef4030634a",
    }),
}
