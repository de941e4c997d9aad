#pragma once

// The gradient reversal layer of domain-adversarial training (Ganin & Lempitsky, ICML 2015; Ganin et al.,
// JMLR 2016) and the schedules of its weight lambda and of the learning rate.

#include "engine/nn/network.h"

#include <torch/types.h>

#include <string>

namespace ts::engine {

/// Identity in the forward pass; multiplies the incoming gradient by -lambda in the backward pass.
/// The result is a new tensor (never a view of `x`). Built on a custom torch::autograd::Function.
torch::Tensor gradientReversal(const torch::Tensor& x, double lambda);

/// The reversal as a network layer (kind "grl", no parameters). Its lambda is set before each step.
class GradientReversal : public Layer {
public:
    explicit GradientReversal(double lambda = 1.0) : m_lambda(lambda) {}
    torch::Tensor forward(const torch::Tensor& x) override { return gradientReversal(x, m_lambda); }
    std::string kind() const override { return "grl"; }
    void setLambda(double lambda) { m_lambda = lambda; }
    double lambda() const { return m_lambda; }

private:
    double m_lambda;
};

/// The DANN paper's schedule: lambdaMax * (2 / (1 + exp(-gamma * progress)) - 1), rising from 0 at
/// progress 0 to almost lambdaMax at progress 1.
double paperLambda(double progress, double gamma = 10.0, double lambdaMax = 1.0);

/// lambda for `schedule` "paper" (paperLambda) or "constant" (lambdaMax at every step). Throws
/// InputError naming dann.schedule for another name.
double scheduledLambda(const std::string& schedule, double progress, double gamma, double lambdaMax);

/// The paper's annealed learning-rate factor mu_p / mu_0 = 1 / (1 + alpha * progress)^beta
/// (alpha 10, beta 0.75): 1 at the start, about 0.166 at the end.
double annealedLrFactor(double progress, double alpha = 10.0, double beta = 0.75);

} // namespace ts::engine
