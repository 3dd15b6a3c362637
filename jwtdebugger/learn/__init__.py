"""Learn by doing: lessons, scenarios, quiz and the API Gateway authorizer simulator."""
