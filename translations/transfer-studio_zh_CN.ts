<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/run/enginebridge.cpp" line="+121"/>
        <source>LibTorch error: %1</source>
        <translation>LibTorch 错误：%1</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow_files.cpp" line="+33"/>
        <source>cannot read &apos;%1&apos;: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+6"/>
        <location line="+5"/>
        <source>cannot write &apos;%1&apos;: %2</source>
        <translation>无法写入“%1”：%2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+82"/>
        <source>Visual transfer learning with LibTorch.</source>
        <translation>基于 LibTorch 的可视化迁移学习。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Experiment file to open (the JSON the CLI runs).</source>
        <translation>要打开的实验文件（即命令行工具运行的 JSON 文件）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start training at once (for demonstrations).</source>
        <translation>启动后立即开始训练（用于演示）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the window in LANGUAGE (en, zh_CN).</source>
        <translation>以指定语言 LANGUAGE 显示窗口（en、zh_CN）。</translation>
    </message>
</context>
<context>
    <name>ts::ui::ClassOverview</name>
    <message numerus="yes">
        <location filename="../ui/data/classoverview.cpp" line="+81"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: %n image(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt;：%n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This class is missing from the other domain.</source>
        <translation>另一个域中没有这个类别。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>(unlabeled)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>No data loaded</source>
        <translation>尚未加载数据</translation>
    </message>
</context>
<context>
    <name>ts::ui::ConfusionMatrixPlot</name>
    <message>
        <location filename="../ui/results/confusionmatrixplot.cpp" line="+20"/>
        <source>predicted</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>share of the true class</source>
        <translation>占真实类别的比例</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The confusion matrix of the target test images appears here after a run.</source>
        <translation>运行结束后，这里会显示目标域测试图像的混淆矩阵。</translation>
    </message>
</context>
<context>
    <name>ts::ui::DataPanel</name>
    <message>
        <location filename="../ui/data/datapanel.cpp" line="+36"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Source domain</source>
        <translation>源域</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Target domain</source>
        <translation>目标域</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The data the network learns first. Drop a folder here.</source>
        <translation>网络先学习的数据。可将文件夹拖放到此处。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The data the network should work on in the end. Drop a folder here.</source>
        <translation>网络最终要处理的数据。可将文件夹拖放到此处。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Class folders (labeled)</source>
        <translation>按类别分的文件夹（有标签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder of images (unlabeled)</source>
        <translation>图像文件夹（无标签）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IDX files (MNIST style)</source>
        <translation>IDX 文件（MNIST 格式）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class folders: one sub-folder of images per class. Unlabeled: any images, labels are ignored. IDX: an images file and a labels file.</source>
        <translation>按类别分的文件夹：每个类别一个图像子文件夹。无标签：任意图像，忽略标签。IDX：一个图像文件和一个标签文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Images:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+93"/>
        <source>Choose or drop a folder</source>
        <translation>选择或拖入文件夹</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>Labels:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test set:</source>
        <translation>测试集：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Labeled images to measure accuracy</source>
        <translation>用于衡量准确率的有标签图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Held-out target images with labels: target accuracy is measured on them.</source>
        <translation>留出的有标签目标域图像：目标域准确率在这些图像上测量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test labels:</source>
        <translation>测试标签：</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>How many labels per class training may use; the rest count as unlabeled. Few labels is where transfer learning helps most.</source>
        <translation>训练时每个类别可使用的标签数量，其余图像视为无标签。标签越少，迁移学习的帮助越大。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep at most this many images per class.</source>
        <translation>每个类别最多保留这么多张图像。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>max:</source>
        <translation>上限：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Labels/class:</source>
        <translation>每类标签数：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The classes to use: untick one to leave it out (the experiment&apos;s &quot;classes&quot; list).</source>
        <translation>要使用的类别：取消勾选即可排除该类别（对应实验文件中的 &quot;classes&quot; 列表）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Classes:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>IDX images file</source>
        <translation>IDX 图像文件</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>No dataset: choose a folder or drop one here.</source>
        <translation>没有数据集：请选择文件夹或将文件夹拖放到此处。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Choose an IDX file</source>
        <translation>选择 IDX 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IDX files (*.idx *-ubyte *.gz);;All files (*)</source>
        <translation>IDX 文件 (*.idx *-ubyte *.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose an image folder</source>
        <translation>选择图像文件夹</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <location line="+79"/>
        <source>%n image(s) in %1 classes</source>
        <translation>
            <numerusform>%n 张图像，%1 个类别</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n unlabeled image(s)</source>
        <translation>
            <numerusform>%n 张无标签图像</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>, %n labeled</source>
        <translation>
            <numerusform>，%n 张有标签</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> · %1×%2×%3</source>
        <translation> · %1×%2×%3</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not load the dataset.</source>
        <translation>无法加载数据集。</translation>
    </message>
    <message>
        <source>CSV label list (path,label)</source>
        <translation>CSV 标签列表（path,label）</translation>
    </message>
    <message>
        <source>CSV file of path,label rows</source>
        <translation>由 path,label 行组成的 CSV 文件</translation>
    </message>
    <message>
        <source>Choose a CSV label list</source>
        <translation>选择 CSV 标签列表</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ts::ui::DataSidebar</name>
    <message>
        <location filename="../ui/data/datasidebar.cpp" line="+135"/>
        <source>Source and target share no class: only strategies that learn new target classes apply.</source>
        <translation>源域和目标域没有共同的类别：只能使用能学习新目标类别的策略。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not in the target: %1</source>
        <translation>目标域中没有：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not in the source: %1</source>
        <translation>源域中没有：%1</translation>
    </message>
</context>
<context>
    <name>ts::ui::DatasetLoader</name>
    <message>
        <location filename="../ui/data/datasetloader.cpp" line="+103"/>
        <source>LibTorch error: %1</source>
        <translation>LibTorch 错误：%1</translation>
    </message>
</context>
<context>
    <name>ts::ui::DatasetWarnings</name>
    <message numerus="yes">
        <location filename="../ui/data/datasetwarnings.cpp" line="+34"/>
        <source>%n file(s) could not be read and were skipped — &lt;a href=&apos;skipped&apos;&gt;show&lt;/a&gt;</source>
        <translation>
            <numerusform>%n 个文件无法读取，已跳过 —— &lt;a href=&apos;skipped&apos;&gt;查看&lt;/a&gt;</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Classes are imbalanced: &apos;%1&apos; has %2 images, &apos;%3&apos; only %4.</source>
        <translation>类别不平衡：“%1”有 %2 张图像，而“%3”只有 %4 张。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The test set &apos;%1&apos; does not exist.</source>
        <translation>测试集“%1”不存在。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Skipped files</source>
        <translation>已跳过的文件</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>These files could not be decoded and are not used:</source>
        <translation>以下文件无法解码，未被使用：</translation>
    </message>
</context>
<context>
    <name>ts::ui::DiagramLegendItem</name>
    <message>
        <location filename="../ui/diagram/diagramlegenditem.cpp" line="+63"/>
        <location line="+40"/>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location line="-38"/>
        <location line="+42"/>
        <source>weight change</source>
        <translation>权重变化</translation>
    </message>
</context>
<context>
    <name>ts::ui::EngineTexts</name>
    <message>
        <location filename="../ui/i18n/enginetexts.cpp" line="+21"/>
        <source>Train from scratch</source>
        <comment>scratch</comment>
        <translation>从头训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source only</source>
        <comment>source_only</comment>
        <translation>仅用源域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fine-tuning</source>
        <comment>finetune</comment>
        <translation>微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain-adversarial training (DANN)</source>
        <comment>dann</comment>
        <translation>域对抗训练（DANN）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Multitask learning</source>
        <comment>multitask</comment>
        <translation>多任务学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-taught learning</source>
        <comment>selftaught</comment>
        <translation>自学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Self-taught clustering</source>
        <comment>selftaught_clustering</comment>
        <translation>自学习聚类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zero-shot learning (attributes)</source>
        <comment>zeroshot</comment>
        <translation>零样本学习（属性）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trains the network from random weights on the few labeled target images only. Every transfer strategy should beat this.</source>
        <comment>scratch</comment>
        <translation>从随机权重开始，只用少量有标签的目标域图像训练网络。任何迁移策略都应该比它好。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Trains on the labeled source and tests on the target without adapting. The gap to a target-trained network measures the domain shift.</source>
        <comment>source_only</comment>
        <translation>在有标签的源域上训练，不做任何适应就直接在目标域上测试。它与在目标域上训练的网络之间的差距，衡量的就是域偏移。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Starts from a network pretrained on the source, puts a new random head on it for the target classes and trains briefly with a small learning rate. Frozen layers keep their source weights.</source>
        <comment>finetune</comment>
        <translation>从在源域上预训练的网络出发，为目标类别换上一个随机初始化的新输出头，再用较小的学习率短暂训练。被冻结的层保留源域学到的权重。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learns features that classify the labeled source images while a domain classifier, fooled through a gradient reversal layer, cannot tell source from unlabeled target images.</source>
        <comment>dann</comment>
        <translation>学习既能对有标签的源域图像分类、又能骗过域分类器的特征：通过梯度反转层，域分类器无法区分源域图像和无标签的目标域图像。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trains one shared trunk with two heads at the same time: one for the source labels (task A) and one for the target labels (task B), so the target task borrows features learned for the source.</source>
        <comment>multitask</comment>
        <translation>同时训练一个共享主干和两个输出头：一个对应源域标签（任务 A），一个对应目标域标签（任务 B），这样目标任务就能借用为源域学到的特征。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learns features from unlabeled source images, which may be unrelated to the target, with a denoising autoencoder; then trains a classifier on those features with the few labeled target images.</source>
        <comment>selftaught</comment>
        <translation>用去噪自编码器从无标签的源域图像（可以与目标无关）中学习特征，然后用少量有标签的目标域图像在这些特征上训练分类器。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learns features from unlabeled source images with a denoising autoencoder, then groups the unlabeled target images into k clusters with k-means on those features.</source>
        <comment>selftaught_clustering</comment>
        <translation>用去噪自编码器从无标签的源域图像中学习特征，然后在这些特征上用 k-means 把无标签的目标域图像分成 k 个簇。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Learns to recognise attributes such as &apos;has sleeves&apos; on the seen source classes, then names each target image by the unseen class whose attribute row fits best. The unseen classes are the table&apos;s classes the source lacks (or the classes of a labeled target_test); target labels, if any, are only used to measure accuracy.</source>
        <comment>zeroshot</comment>
        <translation>先在源域的已见类别上学习识别“有袖子”之类的属性，再把每张目标域图像归为属性最吻合的未见类别。未见类别是属性表中源域没有的类别（或有标签的 target_test 中的类别）；目标域标签（如果有）只用于衡量准确率。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>baseline</source>
        <comment>setting</comment>
        <translation>基线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source labeled, target labeled</source>
        <comment>setting</comment>
        <translation>源域有标签，目标域有标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source labeled, target unlabeled</source>
        <comment>setting</comment>
        <translation>源域有标签，目标域无标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source unlabeled, target labeled</source>
        <comment>setting</comment>
        <translation>源域无标签，目标域有标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source unlabeled, target unlabeled</source>
        <comment>setting</comment>
        <translation>源域无标签，目标域无标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer where the domain classifier branches off: the end of the feature extractor (default: the last feature layer)</source>
        <comment>branch</comment>
        <translation>域分类器分出的层，即特征提取器的末端（默认：最后一个特征层）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>units of the domain classifier&apos;s hidden layer</source>
        <comment>domain_hidden</comment>
        <translation>域分类器隐藏层的单元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>how lambda grows: &apos;paper&apos; = lambda_max * (2/(1+exp(-gamma*p)) - 1), &apos;constant&apos; = lambda_max</source>
        <comment>schedule</comment>
        <translation>lambda 的增长方式：&apos;paper&apos; = lambda_max * (2/(1+exp(-gamma*p)) - 1)，&apos;constant&apos; = lambda_max</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>steepness of the paper&apos;s lambda schedule</source>
        <comment>gamma</comment>
        <translation>论文中 lambda 调度曲线的陡峭程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight of the reversed domain gradient at the end of training</source>
        <comment>lambda_max</comment>
        <translation>训练结束时反转后的域梯度的权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>anneal the learning rate as lr / (1 + 10p)^0.75 over training progress p</source>
        <comment>anneal_lr</comment>
        <translation>按训练进度 p 将学习率退火为 lr / (1 + 10p)^0.75</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>last shared layer; the heads start after it (default: the last feature layer)</source>
        <comment>branch</comment>
        <translation>最后一个共享层，输出头从它之后开始（默认：最后一个特征层）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;alternate&apos;: each step trains one task, A and B in turn; &apos;mixed&apos;: each step trains both on a batch of each</source>
        <comment>mode</comment>
        <translation>&apos;alternate&apos;：每一步只训练一个任务，A 和 B 轮流；&apos;mixed&apos;：每一步各取一批数据，同时训练两个任务</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>loss weights [task A, task B]; a weight of 0 leaves that task untrained</source>
        <comment>weights</comment>
        <translation>损失权重 [任务 A, 任务 B]；权重为 0 的任务不参与训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>also train the encoder on the target labels (with lr * train.backbone_lr_mult); false keeps the features the autoencoder learned</source>
        <comment>finetune_encoder</comment>
        <translation>同时用目标域标签训练编码器（学习率为 lr * train.backbone_lr_mult）；false 则保留自编码器学到的特征</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pixels skips representation learning and trains a linear classifier on raw pixels (the baseline of the same labels)</source>
        <comment>representation</comment>
        <translation>pixels 跳过表示学习，直接在原始像素上训练线性分类器（使用相同标签的基线）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>L2 penalty (l2/2 ||W||^2) on the head&apos;s weights when the head is fitted to convergence on fixed features (frozen encoder or pixels); keeps the fit well-posed when the few labels are separable</source>
        <comment>head_weight_decay</comment>
        <translation>在固定特征（冻结的编码器或原始像素）上把输出头拟合到收敛时，对其权重施加的 L2 惩罚 (l2/2 ||W||^2)；当少量标签线性可分时，使拟合问题保持适定</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>most full-batch L-BFGS iterations of that fit; it stops earlier once the training loss improves by less than 0.01 % over 10 iterations</source>
        <comment>head_max_iterations</comment>
        <translation>该拟合最多进行的全批量 L-BFGS 迭代次数；若 10 次迭代内训练损失的改善不到 0.01 %，则提前停止</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>number of clusters; 0 = the number of target classes (needs a labeled target)</source>
        <comment>k</comment>
        <translation>簇的数量；0 表示等于目标域的类别数（需要有标签的目标域）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>k-means runs with different k-means++ seeds; the one with the lowest inertia is kept</source>
        <comment>restarts</comment>
        <translation>用不同 k-means++ 种子运行 k-means 的次数；保留惯性（簇内平方和）最小的一次</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lloyd iterations per k-means run at most</source>
        <comment>max_iterations</comment>
        <translation>每次 k-means 运行最多的 Lloyd 迭代次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>also cluster the features of the same autoencoder trained on the target alone, for comparison (k-means on raw pixels is always reported for a labeled target)</source>
        <comment>compare_baselines</comment>
        <translation>同时对只在目标域上训练的同一自编码器的特征做聚类，用于比较（目标域有标签时，总会报告原始像素上的 k-means 结果）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CSV file &apos;class,attribute1,...&apos; with one row per seen and unseen class</source>
        <comment>attributes</comment>
        <translation>CSV 文件，格式为 &apos;class,attribute1,...&apos;，每个已见类别和未见类别各占一行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>how an unseen class is chosen: dap (Lampert&apos;s direct attribute prediction, 0/1 tables), cosine or euclidean (nearest signature); auto = dap for 0/1 tables, cosine otherwise</source>
        <comment>method</comment>
        <translation>选择未见类别的方法：dap（Lampert 的直接属性预测，用于 0/1 属性表）、cosine 或 euclidean（最近的属性签名）；auto 表示 0/1 属性表用 dap，否则用 cosine</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>attribute loss: bce (sigmoid outputs, values in [0, 1]) or mse (raw outputs); auto = bce for 0/1 tables, mse otherwise</source>
        <comment>loss</comment>
        <translation>属性损失：bce（sigmoid 输出，取值在 [0, 1]）或 mse（原始输出）；auto 表示 0/1 属性表用 bce，否则用 mse</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>epochs of autoencoder training on the unlabeled source images</source>
        <comment>autoencoder_epochs</comment>
        <translation>在无标签源域图像上训练自编码器的轮数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>standard deviation of the Gaussian noise added to each input pixel (pixels scaled to [-1, 1]); 0 trains a plain autoencoder</source>
        <comment>noise</comment>
        <translation>加到每个输入像素上的高斯噪声的标准差（像素缩放到 [-1, 1]）；0 表示训练普通自编码器</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>weight of an L1 penalty on the code that makes it sparse; 0 turns it off</source>
        <comment>sparsity</comment>
        <translation>对编码施加 L1 惩罚以使其稀疏的权重；0 表示关闭</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Learns features from unlabeled source images, which may be unrelated to the target, with a denoising autoencoder or by predicting image rotations; then trains a classifier on those features with the few labeled target images.</source>
        <comment>selftaught</comment>
        <translation>用去噪自编码器或通过预测图像旋转，从无标签的源域图像（可以与目标无关）中学习特征，然后用少量有标签的目标域图像在这些特征上训练分类器。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Learns features from unlabeled source images with a denoising autoencoder or by predicting image rotations, then groups the unlabeled target images into k clusters with k-means on those features.</source>
        <comment>selftaught_clustering</comment>
        <translation>用去噪自编码器或通过预测图像旋转，从无标签的源域图像中学习特征，然后在这些特征上用 k-means 把无标签的目标域图像分成 k 个簇。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>how features are learned from the unlabeled source images: &apos;autoencoder&apos; rebuilds each image from a noisy copy; &apos;rotation&apos; learns to tell by how much each image was turned (0, 90, 180 or 270 degrees), which needs the object&apos;s shape; &apos;pixels&apos; learns nothing and uses the raw pixels (the baseline of the same labels)</source>
        <comment>representation</comment>
        <translation>如何从无标签的源域图像中学习特征：&apos;autoencoder&apos; 从加噪的副本重建每张图像；&apos;rotation&apos; 学习判断每张图像被旋转了多少度（0、90、180 或 270 度），这需要理解物体的形状；&apos;pixels&apos; 不学习，直接使用原始像素（使用相同标签的基线）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>how features are learned from the unlabeled source images: &apos;autoencoder&apos; rebuilds each image from a noisy copy; &apos;rotation&apos; learns to tell by how much each image was turned (0, 90, 180 or 270 degrees), which needs the object&apos;s shape</source>
        <comment>representation</comment>
        <translation>如何从无标签的源域图像中学习特征：&apos;autoencoder&apos; 从加噪的副本重建每张图像；&apos;rotation&apos; 学习判断每张图像被旋转了多少度（0、90、180 或 270 度），这需要理解物体的形状</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer whose output is the representation used on the target (default: the last feature layer); an earlier convolution keeps more of the image&apos;s layout</source>
        <comment>feature_layer</comment>
        <translation>其输出作为目标域上所用表示的层（默认：最后一个特征层）；越靠前的卷积层保留越多图像的空间布局</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>epochs of rotation prediction on the unlabeled source images</source>
        <comment>rotation_epochs</comment>
        <translation>在无标签源域图像上训练旋转预测的轮数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>also train the encoder on the target labels (with lr * train.backbone_lr_mult); false keeps the features learned from the unlabeled images</source>
        <comment>finetune_encoder</comment>
        <translation>同时用目标域标签训练编码器（学习率为 lr * train.backbone_lr_mult）；false 则保留从无标签图像中学到的特征</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>also cluster the features of the same representation learned on the target alone, for comparison (k-means on raw pixels is always reported for a labeled target)</source>
        <comment>compare_baselines</comment>
        <translation>同时对只在目标域上学到的同一种表示的特征做聚类，用于比较（目标域有标签时，总会报告原始像素上的 k-means 结果）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>scaling of each image&apos;s features before k-means: &apos;l2&apos; to unit length (k-means then groups by direction, not by how strongly features fire), &apos;standardize&apos; each feature to mean 0 and std 1</source>
        <comment>normalize</comment>
        <translation>k-means 之前对每张图像特征的缩放：&apos;l2&apos; 缩放到单位长度（这样 k-means 按方向分组，而不是按特征激活的强弱），&apos;standardize&apos; 把每个特征标准化为均值 0、标准差 1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>nothing frozen</source>
        <comment>unfrozen</comment>
        <translation>不冻结任何层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scratch</source>
        <comment>scratch</comment>
        <translation>从头训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>task B alone</source>
        <comment>scratch</comment>
        <translation>仅任务 B</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>raw pixels</source>
        <comment>pixels</comment>
        <translation>原始像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source only</source>
        <comment>source_only</comment>
        <translation>仅用源域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>raw-pixel k-means</source>
        <comment>raw_pixels_kmeans</comment>
        <translation>原始像素 k-means</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>chance</source>
        <comment>chance</comment>
        <translation>随机猜测</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>fine-tuning</source>
        <comment>gain:finetune</comment>
        <translation>微调</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multitask</source>
        <comment>gain:multitask</comment>
        <translation>多任务学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DANN</source>
        <comment>gain:dann</comment>
        <translation>DANN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>zero-shot</source>
        <comment>gain:zeroshot</comment>
        <translation>零样本学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>self-taught</source>
        <comment>gain:selftaught</comment>
        <translation>自学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>self-taught clustering</source>
        <comment>gain:selftaught_clustering</comment>
        <translation>自学习聚类</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>NMI %1</source>
        <translation>NMI %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>pretrain</source>
        <comment>phase</comment>
        <translation>预训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train</source>
        <comment>phase</comment>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>autoencoder</source>
        <comment>phase</comment>
        <translation>自编码器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>baseline_autoencoder</source>
        <comment>phase</comment>
        <translation>基线自编码器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pretext</source>
        <comment>phase</comment>
        <translation>前置任务</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clustering</source>
        <comment>phase</comment>
        <translation>聚类</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>%1 %2 vs %3 %4: %5 points</source>
        <translation>%1 %2，对比%3 %4：%5 个百分点</translation>
    </message>
</context>
<context>
    <name>ts::ui::HyperparameterForm</name>
    <message>
        <location filename="../ui/forms/hyperparameterform.cpp" line="+45"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The experiment&apos;s name, saved in its file.</source>
        <translation>实验名称，保存在实验文件中。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passes over the (target) training images.</source>
        <translation>遍历（目标域）训练图像的轮数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epochs of pretraining on the source; &apos;same&apos; uses the epochs above.</source>
        <translation>在源域上预训练的轮数；“相同”表示使用上面的轮数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images per optimisation step.</source>
        <translation>每个优化步骤使用的图像数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Learning rate of new layers.</source>
        <translation>新增层的学习率。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pretrained layers learn at lr × this factor when fine-tuning.</source>
        <translation>微调时，预训练层的学习率为 lr × 此系数。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Optimiser: Adam adapts step sizes; SGD uses momentum 0.9.</source>
        <translation>优化器：Adam 自适应调整步长；SGD 使用 0.9 的动量。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>L2 penalty on the weights.</source>
        <translation>权重的 L2 惩罚项。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Seeds weights, shuffling and splits: the same seed gives the same starting weights.</source>
        <translation>用于初始化权重、打乱顺序和划分数据的随机种子：相同的种子得到相同的初始权重。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop after this many epochs without validation gain; &apos;off&apos; trains every epoch.</source>
        <translation>验证集连续这么多轮没有提升就停止；“关闭”表示训练全部轮数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source epochs:</source>
        <translation>源域轮数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backbone lr ×:</source>
        <translation>主干网络学习率 ×：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weight decay:</source>
        <translation>权重衰减：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Early stopping:</source>
        <translation>早停：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The network architecture drawn in the diagram.</source>
        <translation>网络结构图中绘制的网络架构。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optional: start from a checkpoint of this app or a TorchScript file.</source>
        <translation>可选：从本程序保存的检查点或 TorchScript 文件开始。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none: pretrain on the source</source>
        <translation>无：在源域上预训练</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Choose a model file</source>
        <translation>选择模型文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Images are converted to this many channels.</source>
        <translation>图像会被转换为这个通道数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grey (1)</source>
        <translation>灰度 (1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>colour (3)</source>
        <translation>彩色 (3)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Images are resized to this size.</source>
        <translation>图像会被缩放到这个尺寸。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Where to train: CPU, or a CUDA GPU when LibTorch has one.</source>
        <translation>训练设备：CPU，或在 LibTorch 支持时使用 CUDA GPU。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backbone:</source>
        <translation>主干网络：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pretrained:</source>
        <translation>预训练模型：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input:</source>
        <translation>输入：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size:</source>
        <translation>尺寸：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frozen:</source>
        <translation>已冻结：</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+186"/>
        <source>Compare with baseline</source>
        <translation>与基线比较</translation>
    </message>
    <message>
        <location line="-156"/>
        <source>Choose a pretrained model</source>
        <translation>选择预训练模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models (*.pt *.pth);;All files (*)</source>
        <translation>模型 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>%1 options</source>
        <translation>%1选项</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Strategy options</source>
        <translation>策略选项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This strategy has no options of its own.</source>
        <translation>此策略没有自己的选项。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>This strategy has no baseline of its own: it is one.</source>
        <translation>此策略本身就是基线，没有自己的基线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare with baseline (%1)</source>
        <translation>与基线比较（%1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After the run, also train the baseline on the same data with the same seed, overlay its curves and report the gain in points.</source>
        <translation>运行结束后，用相同的数据和随机种子再训练基线，叠加显示其曲线，并报告提升了多少个百分点。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&lt;i&gt;nothing — click a block in the diagram to freeze it&lt;/i&gt;</source>
        <translation>&lt;i&gt;无 —— 单击网络结构图中的模块即可冻结它&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>ts::ui::LanguageMenu</name>
    <message>
        <location filename="../ui/i18n/uilanguage.cpp" line="+130"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;System Default</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ts::ui::LayerBlockItem</name>
    <message>
        <location filename="../ui/diagram/layerblockitem.cpp" line="+41"/>
        <source>%1 parameters</source>
        <translation>%1 个参数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click to freeze or unfreeze this layer.</source>
        <translation>单击以冻结或解冻此层。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No weights: nothing to freeze.</source>
        <translation>没有权重：无需冻结。</translation>
    </message>
    <message>
        <location line="+112"/>
        <source>%1 params</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no weights</source>
        <translation>无权重</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>branch point</source>
        <translation>分支点</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Feature extractor</source>
        <translation>特征提取器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Label predictor</source>
        <translation>标签预测器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Domain classifier</source>
        <translation>域分类器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task A head</source>
        <translation>任务 A 输出头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Task B head</source>
        <translation>任务 B 输出头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attribute head</source>
        <translation>属性输出头</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decoder</source>
        <translation>解码器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Part of %1</source>
        <translation>属于 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n part(s): click the badge or right-click to expand.</source>
        <translation>
            <numerusform>%n 个子模块：单击徽标或右键单击可展开。</numerusform>
        </translation>
    </message>
    <message>
        <source>frozen with %1</source>
        <translation>随 %1 冻结</translation>
    </message>
    <message>
        <source>parts frozen</source>
        <translation>部分已冻结</translation>
    </message>
</context>
<context>
    <name>ts::ui::LessonPanel</name>
    <message>
        <location filename="../ui/window/lessonpanel.cpp" line="+24"/>
        <source>What to look for</source>
        <translation>观察要点</translation>
    </message>
</context>
<context>
    <name>ts::ui::LivePlots</name>
    <message>
        <location filename="../ui/plots/liveplots.cpp" line="+30"/>
        <source>Phase:</source>
        <translation>阶段：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Charts appear here once training starts.</source>
        <translation>开始训练后，图表会显示在这里。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw finished runs&apos; curves dashed behind this run&apos;s (the Runs table lists them side by side)</source>
        <translation>在当前运行的曲线后面用虚线绘制已完成运行的曲线（“运行记录”表格会并排列出它们）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Each phase is drawn on its own, its steps counted from 0: pretraining on the source, then training on the target.</source>
        <translation>每个阶段单独绘制，步数从 0 开始计：先在源域上预训练，然后在目标域上训练。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Losses</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain classifier</source>
        <translation>域分类器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>domain accuracy</source>
        <translation>域分类准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../ui/plots/liveplots_axes.cpp" line="+116"/>
        <source>λ and learning rate</source>
        <translation>λ 与学习率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>λ</source>
        <translation>λ</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../ui/plots/liveplots_phases.cpp" line="+99"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>off scale</source>
        <translation>超出刻度</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>%1 (epoch)</source>
        <translation>%1（每轮）</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>chance %1</source>
        <translation>随机水平 %1</translation>
    </message>
    <message>
        <location filename="../ui/plots/liveplots_axes.cpp" line="-28"/>
        <source>off scale (%1 clipped)</source>
        <translation>超出刻度（%1 个点被截断）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location filename="../ui/plots/liveplots_export.cpp" line="+97"/>
        <source>Training curves</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <location filename="../ui/plots/liveplots_overlays.cpp" line="+113"/>
        <source>No finished run yet</source>
        <translation>尚无已完成的运行</translation>
    </message>
    <message>
        <location filename="../ui/plots/liveplots_phases.cpp" line="-81"/>
        <source>pretraining (source)</source>
        <translation>预训练（源域）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>autoencoder</source>
        <translation>自编码器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>rotation pretext (source)</source>
        <translation>旋转预测前置任务（源域）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>baseline autoencoder (target)</source>
        <translation>基线自编码器（目标域）</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>step of %1</source>
        <translation>%1的步数</translation>
    </message>
</context>
<context>
    <name>ts::ui::LogView</name>
    <message>
        <location filename="../ui/window/logview.cpp" line="+26"/>
        <source>warning: </source>
        <translation>警告：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>error: </source>
        <translation>错误：</translation>
    </message>
</context>
<context>
    <name>ts::ui::MainActions</name>
    <message>
        <location filename="../ui/window/mainactions.cpp" line="+37"/>
        <source>&amp;New Experiment</source>
        <translation>新建实验(&amp;N)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Start a new, empty experiment</source>
        <translation>新建一个空白实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open an experiment file (the JSON the CLI runs)</source>
        <translation>打开实验文件（即命令行工具运行的 JSON 文件）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save Experiment</source>
        <translation>保存实验(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Experiment &amp;As…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the experiment under a new name</source>
        <translation>以新名称保存实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Trained &amp;Model…</source>
        <translation>保存训练好的模型(&amp;M)…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the last run&apos;s trained network as a checkpoint</source>
        <translation>将上一次运行训练好的网络保存为检查点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use Model as &amp;Pretrained…</source>
        <translation>将模型用作预训练模型(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start the next run from a saved checkpoint or TorchScript file</source>
        <translation>下一次运行从已保存的检查点或 TorchScript 文件开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the last run&apos;s model with its summary and experiment for use elsewhere</source>
        <translation>导出上一次运行的模型及其摘要和实验文件，以便在其他地方使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Plots as P&amp;NG…</source>
        <translation>将图表保存为 P&amp;NG…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the live plots as an image</source>
        <translation>将实时图表保存为图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Plots as P&amp;DF…</source>
        <translation>将图表保存为 P&amp;DF…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the live plots as a PDF page</source>
        <translation>将实时图表保存为 PDF 页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Metrics as &amp;CSV…</source>
        <translation>将指标保存为 &amp;CSV…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save every metric of the run as CSV</source>
        <translation>将本次运行的所有指标保存为 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quit Transfer Studio</source>
        <translation>退出 Transfer Studio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train and evaluate the experiment</source>
        <translation>训练并评估实验</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pause or resume training</source>
        <translation>暂停或继续训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>F6</source>
        <translation>F6</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop training; what was trained so far is kept</source>
        <translation>停止训练；保留已经训练的结果</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reload Data</source>
        <translation>重新加载数据(&amp;R)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Load both datasets again</source>
        <translation>重新加载两个数据集</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Fit Diagram</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fit the network diagram to the window</source>
        <translation>缩放网络结构图以适应窗口</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zoom into the diagram</source>
        <translation>放大网络结构图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zoom out of the diagram</source>
        <translation>缩小网络结构图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open Run &amp;Folder</source>
        <translation>打开运行文件夹(&amp;F)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show the last run&apos;s output folder (summary, metrics, model)</source>
        <translation>显示上一次运行的输出文件夹（摘要、指标、模型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Transfer Studio</source>
        <translation>关于 Transfer Studio(&amp;A)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Version and credits</source>
        <translation>版本和致谢</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>About the Qt toolkit</source>
        <translation>关于 Qt 工具包</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Classify Images in Folder…</source>
        <translation>对文件夹中的图像分类(&amp;C)…</translation>
    </message>
    <message>
        <source>Classify every image in a folder with the last run&apos;s model; the classes can be saved as CSV</source>
        <translation>用上次运行的模型对文件夹中的每张图像分类；类别可以保存为 CSV</translation>
    </message>
</context>
<context>
    <name>ts::ui::MainWindow</name>
    <message>
        <location filename="../ui/window/mainwindow.cpp" line="+84"/>
        <source>Click a block to freeze it; right-click for more.</source>
        <translation>单击模块即可冻结；右键单击查看更多操作。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>New strategy: %1 unfrozen, every layer trains. Click blocks to freeze them again.</source>
        <translation>已换策略：%1 已解冻，所有层都参与训练。点击方块可重新冻结。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The network cannot be drawn: %1</source>
        <translation>无法绘制网络：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Unfrozen layers this network does not have: %1</source>
        <translation>以下层在本网络中不存在，不会被冻结：%1</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Untitled experiment</source>
        <translation>未命名实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1[*] — Transfer Studio</source>
        <translation>%1[*] — Transfer Studio</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop training and quit?</source>
        <translation>停止训练并退出？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>About Transfer Studio</source>
        <translation>关于 Transfer Studio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;h3&gt;Transfer Studio %1&lt;/h3&gt;&lt;p&gt;Visual transfer learning: load a source and a target dataset, pick a strategy, freeze layers by clicking them, and watch the network train.&lt;/p&gt;&lt;p&gt;The window runs the same experiment files as &lt;tt&gt;transfer-studio-cli&lt;/tt&gt;.&lt;/p&gt;&lt;p&gt;Built with Qt %2, LibTorch and QCustomPlot.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Transfer Studio %1&lt;/h3&gt;&lt;p&gt;可视化迁移学习：加载源域和目标域数据集，选择策略，单击网络层即可冻结，并观察网络的训练过程。&lt;/p&gt;&lt;p&gt;本窗口运行的实验文件与 &lt;tt&gt;transfer-studio-cli&lt;/tt&gt; 相同。&lt;/p&gt;&lt;p&gt;基于 Qt %2、LibTorch 和 QCustomPlot 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow_files.cpp" line="+23"/>
        <source>New experiment</source>
        <translation>新实验</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not open the experiment: %1</source>
        <translation>无法打开实验：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open Experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Experiments (*.json);;All files (*)</source>
        <translation>实验文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not save the experiment: %1</source>
        <translation>无法保存实验：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+134"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>Save Experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*.json)</source>
        <translation>实验文件 (*.json)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The experiment has unsaved changes. Save them?</source>
        <translation>实验有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+21"/>
        <source>There is no trained model yet: run an experiment first.</source>
        <translation>还没有训练好的模型：请先运行一个实验。</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Save Trained Model</source>
        <translation>保存训练好的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoints (*.pt)</source>
        <translation>检查点 (*.pt)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not save the model: %1</source>
        <translation>无法保存模型：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model saved to %1</source>
        <translation>模型已保存到 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export Model To Folder</source>
        <translation>将模型导出到文件夹</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+12"/>
        <source>Could not export the model: %1</source>
        <translation>无法导出模型：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported model.pt, experiment.json, summary.json and metrics to %1</source>
        <translation>已将 model.pt、experiment.json、summary.json 和指标导出到 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Use Model as Pretrained</source>
        <translation>将模型用作预训练模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models (*.pt *.pth);;All files (*)</source>
        <translation>模型 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The next run starts from %1.</source>
        <translation>下一次运行将从 %1 开始。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is nothing to save yet: the plots are empty.</source>
        <translation>还没有可保存的内容：图表为空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save Plots</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../ui/window/mainwindow_run.cpp" line="+49"/>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting run: %1</source>
        <translation>开始运行：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Stopping after the current step…</source>
        <translation>将在当前步骤结束后停止…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run folder: %1</source>
        <translation>运行文件夹：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+5"/>
        <source>baseline: %1</source>
        <translation>基线：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Baseline run: %1 (%2)</source>
        <translation>基线运行：%1（%2）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>baseline of %1</source>
        <translation>%1 的基线</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Training %1 after %2. The partly trained model was kept.</source>
        <translation>训练%1（用时 %2）。已保留部分训练的模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finished in %1: target accuracy %2%.</source>
        <translation>用时 %1 完成：目标域准确率 %2%。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finished in %1.</source>
        <translation>用时 %1 完成。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The baseline was stopped: no gain to report.</source>
        <translation>基线运行已停止：没有可报告的提升。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>no gain to report</source>
        <translation>没有可报告的提升</translation>
    </message>
    <message numerus="yes">
        <location line="+24"/>
        <source>%n earlier run(s) restored from %1</source>
        <translation>
            <numerusform>已从 %1 恢复 %n 次之前的运行</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training failed: %1</source>
        <translation>训练失败：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Train and evaluate the experiment (F5)</source>
        <translation>训练并评估实验 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The data cannot serve this strategy: see the strategy panel</source>
        <translation>数据不满足此策略的要求：请查看策略面板</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Exported model.ts.pt (TorchScript: torch.jit.load in Python), model.pt, experiment.json, summary.json and metrics to %1</source>
        <translation>已将 model.ts.pt（TorchScript：可在 Python 中用 torch.jit.load 加载）、model.pt、experiment.json、summary.json 和指标导出到 %1</translation>
    </message>
    <message>
        <source>Classify Images in Folder</source>
        <translation>对文件夹中的图像分类</translation>
    </message>
    <message>
        <source>The last run has no exported classifier (model.ts.pt); its summary.json says why.</source>
        <translation>上次运行没有导出分类器（model.ts.pt）；原因见其 summary.json。</translation>
    </message>
    <message>
        <source>A folder is already being classified.</source>
        <translation>已有一个文件夹正在分类。</translation>
    </message>
    <message>
        <source>Classifying the images in %1…</source>
        <translation>正在对 %1 中的图像分类…</translation>
    </message>
    <message>
        <source>Could not classify the folder: %1</source>
        <translation>无法对该文件夹分类：%1</translation>
    </message>
    <message numerus="yes">
        <source>Classified %n image(s).</source>
        <translation>
            <numerusform>已分类 %n 张图像。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ts::ui::MessageBanner</name>
    <message>
        <location filename="../ui/window/messagebanner.cpp" line="+18"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ts::ui::NetworkDiagram</name>
    <message>
        <location filename="../ui/diagram/networkdiagram.cpp" line="+38"/>
        <source>The network: click a layer to freeze or unfreeze it; right-click for more. Ctrl+wheel or +/- zooms, 0 fits the diagram to the window.</source>
        <translation>网络结构：单击某层可冻结或解冻它；右键单击查看更多操作。Ctrl+滚轮或 +/- 缩放，0 使结构图适应窗口。</translation>
    </message>
    <message>
        <location line="+143"/>
        <source>Stop training to freeze or unfreeze layers.</source>
        <translation>请先停止训练，再冻结或解冻网络层。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Layer %1 has no weights: there is nothing to freeze.</source>
        <translation>层 %1 没有权重：无需冻结。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Layer %1 frozen: its weights will not change.</source>
        <translation>已冻结层 %1：它的权重将保持不变。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer %1 unfrozen: it will be trained.</source>
        <translation>已解冻层 %1：它将参与训练。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Unfreeze %1</source>
        <translation>解冻 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Freeze %1</source>
        <translation>冻结 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Set as branch point</source>
        <translation>设为分支点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attach the strategy&apos;s extra heads after %1.</source>
        <translation>在 %1 之后接上该策略额外的输出头。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../ui/diagram/networkdiagram_layout.cpp" line="+164"/>
        <source>Click a layer to freeze or unfreeze it; right-click it to set the branch point.</source>
        <translation>单击某层可冻结或解冻它；右键单击可将其设为分支点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Click a layer to freeze or unfreeze it.</source>
        <translation>单击某层可冻结或解冻它。</translation>
    </message>
    <message>
        <source>%1 is frozen as part of %2: the group is frozen as a whole. Click %2 to unfreeze it.</source>
        <translation>%1 属于 %2，随整个组一起冻结。单击 %2 可解冻该组。</translation>
    </message>
    <message>
        <source>Frozen with %1</source>
        <translation>随 %1 冻结</translation>
    </message>
    <message>
        <source>Collapse %1</source>
        <translation>折叠 %1</translation>
    </message>
    <message>
        <source>Expand %1</source>
        <translation>展开 %1</translation>
    </message>
    <message>
        <source>Click to freeze or unfreeze %1 as a whole.</source>
        <translation>单击可整体冻结或解冻 %1。</translation>
    </message>
    <message>
        <source>%1 params</source>
        <translation>%1 参数</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>Click a block or a group&apos;s title to freeze or unfreeze it; ▸ opens a group, ▾ closes it.</source>
        <translation>单击方块或组标题可冻结或解冻它；▸ 展开组，▾ 折叠组。</translation>
    </message>
</context>
<context>
    <name>ts::ui::OptionEditor</name>
    <message>
        <location filename="../ui/forms/optioneditor.cpp" line="+64"/>
        <location line="+91"/>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>numbers, separated by commas</source>
        <translation>数字，用英文逗号分隔</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>ts::ui::OverlayKey</name>
    <message>
        <location filename="../ui/plots/overlaykey.cpp" line="+26"/>
        <source>Drawn behind this run: %1</source>
        <translation>在当前运行后面绘制：%1</translation>
    </message>
</context>
<context>
    <name>ts::ui::ProjectionPlot</name>
    <message>
        <location filename="../ui/results/projectionplot.cpp" line="+51"/>
        <source>component 1</source>
        <translation>分量 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>component 2</source>
        <translation>分量 2</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>unlabeled</source>
        <translation>无标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>source</source>
        <translation>源域</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>target</source>
        <translation>目标域</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Features after epoch %1 (%2)</source>
        <translation>第 %1 轮后的特征（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Features (%1)</source>
        <translation>特征（%1）</translation>
    </message>
</context>
<context>
    <name>ts::ui::RecentFiles</name>
    <message>
        <location filename="../ui/window/recentfiles.cpp" line="+51"/>
        <source>(no recent files)</source>
        <translation>（没有最近的文件）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Clear Menu</source>
        <translation>清空菜单</translation>
    </message>
</context>
<context>
    <name>ts::ui::ResultsView</name>
    <message>
        <location filename="../ui/results/resultsview.cpp" line="+31"/>
        <source>PCA</source>
        <translation>PCA</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Principal components of the features, refreshed each epoch</source>
        <translation>特征的主成分，每轮刷新一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>t-SNE of the trained network&apos;s features, computed once at the end of a run: neighbours stay together, so classes and domains separate (or mix) more clearly</source>
        <translation>训练后网络特征的 t-SNE，在运行结束时计算一次：相邻的点保持在一起，因此类别和域的分离（或混合）更加清楚</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+221"/>
        <source>Misclassified</source>
        <translation>分类错误</translation>
    </message>
    <message>
        <location line="-220"/>
        <source>Feature projection</source>
        <translation>特征投影</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>NMI</source>
        <translation>NMI</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ARI</source>
        <translation>ARI</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cluster accuracy</source>
        <translation>聚类准确率</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>How well the clusters match the true classes (1 = perfectly), for this run and for k-means on baselines&apos; features</source>
        <translation>聚类结果与真实类别的吻合程度（1 表示完全吻合），包括本次运行以及在基线特征上做 k-means 的结果</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clusters</source>
        <translation>聚类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How the target test images were classified: rows are the true classes.</source>
        <translation>目标域测试图像的分类情况：每一行是一个真实类别。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target test images the model got wrong.</source>
        <translation>模型分类错误的目标域测试图像。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source and target features in 2-D (PCA each epoch, t-SNE at the end): with domain adaptation the circles and triangles should mix.</source>
        <translation>源域和目标域特征的二维投影（每轮做 PCA，结束时做 t-SNE）：经过域适应后，圆点和三角形应当混在一起。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sample images of each cluster found without labels.</source>
        <translation>在没有标签的情况下找到的每个聚类的样例图像。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Clusters against true classes (%1 target images)</source>
        <translation>聚类与真实类别对照（%1 张目标域图像）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target: %1% correct (%2 of %3 images)</source>
        <translation>目标域：正确率 %1%（%3 张图像中 %2 张正确）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No confusion matrix: the target test images have no labels to compare the clusters with.</source>
        <translation>没有混淆矩阵：目标域测试图像没有可与聚类结果比较的标签。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No confusion matrix: the target test images have no labels.</source>
        <translation>没有混淆矩阵：目标域测试图像没有标签。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>%1 — %2 images</source>
        <translation>%1 —— %2 张图像</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, mostly “%1” (%2%)</source>
        <translation>，大多为“%1”（%2%）</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>this run</source>
        <translation>本次运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>raw-pixel k-means</source>
        <translation>原始像素 k-means</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>k-means on pixels scaled like the features</source>
        <translation>在与特征同样缩放的像素上做 k-means</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>target-only autoencoder</source>
        <translation>仅用目标域训练的自编码器</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>target-only rotation features</source>
        <translation>仅用目标域训练的旋转特征</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Misclassified (%1)</source>
        <translation>分类错误（%1）</translation>
    </message>
</context>
<context>
    <name>ts::ui::RunComparison</name>
    <message>
        <location filename="../ui/plots/runcomparison.cpp" line="+31"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run (tick to overlay)</source>
        <translation>运行（勾选以叠加）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Frozen</source>
        <translation>冻结层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target accuracy</source>
        <translation>目标域准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Finished runs. Tick a run to draw its curves behind the current ones; double-click a name to rename it.</source>
        <translation>已完成的运行。勾选某次运行即可在当前曲线后面绘制它的曲线；双击名称可重命名。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each finished run stays here. Tick runs to overlay their curves on the plots.</source>
        <translation>每次完成的运行都会保留在这里。勾选运行即可在图表上叠加它们的曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rename the selected run (F2)</source>
        <translation>重命名选中的运行 (F2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected run from the comparison</source>
        <translation>从对比中移除选中的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this table as a CSV file</source>
        <translation>将此表格保存为 CSV 文件</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Export run comparison</source>
        <translation>导出运行对比</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>runs.csv</source>
        <translation>runs.csv</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>ts::ui::RunRecord</name>
    <message>
        <location filename="../ui/plots/runrecord.h" line="+63"/>
        <source>%1, nothing frozen, seed %2</source>
        <translation>%1，未冻结任何层，种子 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, frozen %2, seed %3</source>
        <translation>%1，冻结 %2，种子 %3</translation>
    </message>
</context>
<context>
    <name>ts::ui::RunStatusWidget</name>
    <message>
        <location filename="../ui/window/runstatuswidget.cpp" line="+33"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>%1 · %2/%3</source>
        <translation>%1 · %2/%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · ETA %1</source>
        <translation> · 预计剩余 %1</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
</context>
<context>
    <name>ts::ui::RunStore</name>
    <message>
        <location filename="../ui/plots/runstore.cpp" line="+114"/>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>baseline of %1</source>
        <translation>%1 的基线</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>diverged before the first epoch ended</source>
        <translation>在第一轮结束前发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped before the first epoch ended</source>
        <translation>在第一轮结束前停止</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>diverged at epoch %1 of %2</source>
        <translation>在第 %1 轮（共 %2 轮）发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped at epoch %1 of %2</source>
        <translation>在第 %1 轮（共 %2 轮）停止</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Last epoch (%1): %2</source>
        <translation>最后一轮（%1）：%2</translation>
    </message>
</context>
<context>
    <name>ts::ui::StrategyAvailability</name>
    <message>
        <location filename="../ui/forms/strategyavailability.cpp" line="+34"/>
        <source>It learns from labeled source images first: choose a source folder whose images are sorted into one sub-folder per class.</source>
        <translation>它先从带标签的源域图像学习：请选择一个按类别分子文件夹存放图像的源域文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It needs labeled target images: choose a target folder whose images are sorted into one sub-folder per class.</source>
        <translation>它需要带标签的目标域图像：请选择一个按类别分子文件夹存放图像的目标域文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It needs source images (labels are not needed): choose a source folder.</source>
        <translation>它需要源域图像（无需标签）：请选择一个源域文件夹。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It needs target images (labels are not needed): choose a target folder.</source>
        <translation>它需要目标域图像（无需标签）：请选择一个目标域文件夹。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The source images could not be loaded: %1</source>
        <translation>无法加载源域图像：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The target images could not be loaded: %1</source>
        <translation>无法加载目标域图像：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It needs to know each source image&apos;s class, but the source is loaded as unlabeled images. Sort them into one sub-folder per class, or choose a source that has classes.</source>
        <translation>它需要知道每张源域图像的类别，但源域数据是作为无标签图像加载的。请按类别把图像放入各自的子文件夹，或选择带类别的源域数据。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It needs to know each target image&apos;s class, but the target is loaded as unlabeled images. Sort them into one sub-folder per class, or choose a target that has classes.</source>
        <translation>它需要知道每张目标域图像的类别，但目标域数据是作为无标签图像加载的。请按类别把图像放入各自的子文件夹，或选择带类别的目标域数据。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>It reports how well it does on target images it never trained on: choose a target test folder, or set aside part of the target for testing.</source>
        <translation>它要报告在从未训练过的目标域图像上的表现：请选择一个目标域测试文件夹，或从目标域数据中留出一部分用于测试。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>It needs an attribute table: a CSV file that describes every class, seen and unseen, by the same attributes (e.g. &apos;has sleeves&apos;). Choose it under the strategy&apos;s options.</source>
        <translation>它需要一张属性表：一个用同一组属性（如“有袖子”）描述每个类别（已见和未见）的 CSV 文件。请在策略选项中选择它。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The attribute table %1 does not exist or is not a file.</source>
        <translation>属性表 %1 不存在或不是文件。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>It leaves the source and target labels aside: it learns from the images alone.</source>
        <translation>它不使用源域和目标域的标签：只从图像本身学习。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It leaves the source labels aside: it learns from the source images alone.</source>
        <translation>它不使用源域数据的标签：只从源域图像本身学习。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>It leaves the target labels aside: it learns from the target images alone (the test set keeps its labels, to measure accuracy).</source>
        <translation>它不使用目标域数据的标签：只从目标域图像本身学习（测试集保留标签，用于计算准确率）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>It names each target image with one of the source&apos;s classes, but source and target share no class (source: %1; target: %2).</source>
        <translation>它用源域数据的某个类别来命名每张目标域图像，但源域和目标域没有共同的类别（源域：%1；目标域：%2）。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>It names each target image with one of the source&apos;s classes, so source and target need the same classes (only in the source: %1; only in the target: %2).</source>
        <translation>它用源域数据的某个类别来命名每张目标域图像，因此源域和目标域需要相同的类别（仅在源域中：%1；仅在目标域中：%2）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ts::ui::StrategyPicker</name>
    <message>
        <location filename="../ui/forms/strategypicker.cpp" line="+64"/>
        <source>Target labeled</source>
        <translation>目标域有标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target unlabeled</source>
        <translation>目标域无标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source
labeled</source>
        <translation>源域
有标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source
unlabeled</source>
        <translation>源域
无标签</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Baselines</source>
        <translation>基线</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>&lt;b&gt;Not available:&lt;/b&gt; %1&lt;br&gt;&lt;br&gt;%2</source>
        <translation>&lt;b&gt;不可用：&lt;/b&gt;%1&lt;br&gt;&lt;br&gt;%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1&lt;br&gt;&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</source>
        <translation>%1&lt;br&gt;&lt;br&gt;&lt;i&gt;%2&lt;/i&gt;</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&lt;i&gt;Choose a strategy.&lt;/i&gt;</source>
        <translation>&lt;i&gt;请选择一种策略。&lt;/i&gt;</translation>
    </message>
</context>
<context>
    <name>ts::ui::TrainingWorker</name>
    <message>
        <location filename="../ui/run/trainingworker.cpp" line="+264"/>
        <source>t-SNE of %1 images&apos; features at %2: %3 s, after the result</source>
        <translation>%2 层 %1 张图像特征的 t-SNE：%3 秒，在结果之后完成</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Feature projection skipped: %1</source>
        <translation>已跳过特征投影：%1</translation>
    </message>
    <message>
        <location line="+101"/>
        <source>Baseline %1 failed: %2</source>
        <translation>基线 %1 失败：%2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Could not add the baseline comparison to %1/summary.json</source>
        <translation>无法将基线比较结果写入 %1/summary.json</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Baseline: %1</source>
        <translation>基线：%1</translation>
    </message>
</context>
<context>
    <name>ts::ui::plotstyle</name>
    <message>
        <location filename="../ui/plots/plotstyle.cpp" line="+85"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>λ (domain loss weight)</source>
        <translation>λ（域损失权重）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>NMI</source>
        <translation>NMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARI</source>
        <translation>ARI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch accuracy</source>
        <translation>批次准确率</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target accuracy</source>
        <translation>目标域准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source accuracy</source>
        <translation>源域准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Val accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain loss</source>
        <translation>域损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Domain accuracy</source>
        <translation>域分类准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label loss</source>
        <translation>标签损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconstruction loss</source>
        <translation>重建损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task a loss</source>
        <translation>任务 A 损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task b loss</source>
        <translation>任务 B 损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task a accuracy</source>
        <translation>任务 A 准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task b accuracy</source>
        <translation>任务 B 准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attribute loss</source>
        <translation>属性损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unseen accuracy</source>
        <translation>未见类别准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cluster accuracy</source>
        <translation>聚类准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pretext loss</source>
        <translation>前置任务损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pretext accuracy</source>
        <translation>前置任务准确率</translation>
    </message>
</context>
<context>
    <name>ts::ui::PredictionsDialog</name>
    <message>
        <source>Predictions for %1</source>
        <translation>%1 的预测</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) of %1 classified.</source>
        <translation>
            <numerusform>已对 %1 中的 %n 张图像分类。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) skipped: %1</source>
        <translation>
            <numerusform>跳过了 %n 个文件：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Save CSV…</source>
        <translation>保存 CSV…</translation>
    </message>
    <message>
        <source>Could not save: %1</source>
        <translation>无法保存：%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save Predictions</source>
        <translation>保存预测</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
</TS>
